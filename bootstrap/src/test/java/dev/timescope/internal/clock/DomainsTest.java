package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.internal.hooks.ThreadHooks;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The calling thread's membership, as hooks look it up (contract, section 1): its per-thread cache must agree
 * with the registry whichever thread registers or unregisters it.
 */
class DomainsTest {

    private Domain domain;

    @AfterEach
    void closeIfOpen() {
        if (domain != null && !domain.isClosed()) {
            domain.close();
        }
    }

    /** A thread that answers questions about its own membership, asked from the test's thread. */
    private static final class Probe implements AutoCloseable {
        private final SynchronousQueue<Supplier<Object>> questions = new SynchronousQueue<>();
        private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        final Thread thread = new Thread(this::loop, "probe");

        Probe() {
            this(false);
        }

        /** @param adopted whether the calling member's domain adopts it as it is constructed, as the agent's hook does */
        Probe(boolean adopted) {
            thread.setDaemon(true);
            if (adopted) {
                ThreadHooks.onCreated(thread);
            }
            thread.start();
        }

        private void loop() {
            try {
                while (true) {
                    Supplier<Object> q = questions.take();
                    Object a = q.get();
                    answers.put(a == null ? "none" : a);
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        Object ask(Supplier<Object> question) throws InterruptedException {
            assertThat(questions.offer(question, 10, TimeUnit.SECONDS)).as("probe thread takes the question").isTrue();
            Object a = answers.poll(10, TimeUnit.SECONDS);
            assertThat(a).as("probe thread answers").isNotNull();
            return a;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    @Test
    void section1_aThreadOutsideEveryDomainIsNoMemberWhileAnotherDomainIsOpen() throws Exception {
        try (Probe probe = new Probe()) {
            assertThat(probe.ask(Domains::current)).isEqualTo("none");
            domain = Domain.open(DomainOptions.builder().build());
            assertThat(Domains.current()).isSameAs(domain.root);
            assertThat(probe.ask(Domains::current)).isEqualTo("none");
            assertThat(probe.ask(Domains::currentRecord)).isEqualTo("none");
            domain.close();
            assertThat(Domains.current()).isNull();
            domain = Domain.open(DomainOptions.builder().build());
            assertThat(Domains.current()).as("a thread whose earlier member was unregistered").isSameAs(domain.root);
        }
    }

    @Test
    void section1_aRunningThreadAttachedByAnotherThreadSeesItsMembershipAndItsEnd() throws Exception {
        domain = Domain.open(DomainOptions.builder().build());
        try (Probe probe = new Probe()) {
            assertThat(probe.ask(Domains::currentRecord)).isEqualTo("none"); // its cache now says: no member
            Member attached = domain.attachPoolThread(probe.thread, false);
            assertThat(attached).isNotNull();
            assertThat(probe.ask(Domains::currentRecord)).isSameAs(attached);
            assertThat(probe.ask(Domains::current)).isSameAs(attached);
            domain.detach(attached); // from this thread, not the member's
            assertThat(probe.ask(Domains::currentRecord)).isEqualTo("none");
            assertThat(Domains.memberOf(probe.thread)).isNull();
        }
    }

    @Test
    void section1_aThreadAdoptedBeforeItStartsFindsItsMemberAndLosesItWhenTheDomainCloses() throws Exception {
        domain = Domain.open(DomainOptions.builder().build());
        try (Probe probe = new Probe(true)) {
            Member m = Domains.memberOf(probe.thread);
            assertThat(m).isNotNull();
            assertThat(probe.ask(Domains::current)).isSameAs(m);
            domain.detach(m);
            assertThat(probe.ask(Domains::current)).isEqualTo("none");
        }
    }

    @Test
    void section1_aMemberInARealTimeSectionHasNoCurrentMemberButKeepsItsRecord() {
        domain = Domain.open(DomainOptions.builder().build());
        Member root = Domains.currentRecord();
        root.enterRealTime();
        try {
            assertThat(Domains.current()).isNull();
            assertThat(Domains.currentRecord()).isSameAs(root);
        } finally {
            root.exitRealTime();
        }
        assertThat(Domains.current()).isSameAs(root);
    }

    /**
     * The agent checks the running JDK only as the first domain opens: once, before any hook can act, so that a
     * family it must take out never acted on a virtual clock.
     */
    @Test
    void theAgentsDeferredCheckRunsOnceBeforeTheFirstDomainCountsAsOpen() {
        java.util.List<Boolean> openDuringCheck = new java.util.ArrayList<>();
        dev.timescope.internal.AgentStatus.installed("a test", () -> openDuringCheck.add(Domains.anyOpen()));
        try {
            domain = Domain.open(DomainOptions.builder().build());
            domain.close();
            domain = Domain.open(DomainOptions.builder().build());
            assertThat(openDuringCheck).containsExactly(false);
        } finally {
            dev.timescope.internal.AgentStatus.installed(null, null); // this JVM has no agent
        }
    }
}
