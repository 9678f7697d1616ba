/**
 * The virtual clock and structured concurrency.
 *
 * <p>{@link dev.timescope.VirtualClock} starts a virtual-time domain: the thread that starts it and every thread
 * it constructs sleep, park, wait with timeouts and read the time on a clock that jumps to the next deadline
 * instead of waiting, under the timescope agent ({@code -javaagent:timescope-agent.jar}). What a domain reports
 * when something is wrong is a {@link dev.timescope.VirtualTimeError}: a deadlock, a runaway advance, or threads
 * and tasks leaked at its end.
 *
 * <p>Structured concurrency works with or without the agent: {@link dev.timescope.TaskScope},
 * {@link dev.timescope.Supervisor} and {@link dev.timescope.TaskGroup} run {@link dev.timescope.Task}s that never
 * outlive them; {@link dev.timescope.Cancellation}, {@link dev.timescope.Tasks}, {@link dev.timescope.Timeouts},
 * {@link dev.timescope.ShieldScope}, {@link dev.timescope.PeriodicTimer}, {@link dev.timescope.ContextGroup},
 * {@link dev.timescope.Contexts} and {@link dev.timescope.Defer} build on them. Inside a domain all of it runs on
 * the virtual clock.
 */
package dev.timescope;
