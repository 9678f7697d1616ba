package dev.timescope.internal.clock;

/**
 * How often one source of timers that re-arms has fired during the runaway guard's current episode (contract,
 * section 4): a thread that keeps waiting, a periodic task, or a chain of tasks each scheduling the next. One
 * timer that fires once does not make a runaway, however many there are; one source firing without end does.
 * Guarded by the owning {@link Domain}.
 */
final class Rearms {

    private long episode = -1;
    private long fired;

    /** Counts one firing in {@code currentEpisode}; returns the firings of this source in it so far. */
    long fire(long currentEpisode) {
        if (episode != currentEpisode) {
            episode = currentEpisode;
            fired = 0;
        }
        return ++fired;
    }
}
