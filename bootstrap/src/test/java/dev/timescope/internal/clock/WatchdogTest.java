package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.internal.hooks.ThreadHooks;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog's fallback for what the hooks cannot see (virtual-time.md, section 3.1): a member BLOCKED on a
 * monitor counts as durably blocked only behind an owner that is durably blocked itself, confirmed by the thread's
 * own state, and never behind timescope's own lock.
 */
class WatchdogTest {

    private Domain domain;

    @AfterEach
    void closeIfOpen() {
        if (domain != null && !domain.isClosed()) {
            domain.close();
        }
    }

    /**
     * The ledger may show a member waiting while its thread, woken for real, holds the domain's lock for a
     * moment. A member BLOCKED behind it is on its way into the ledger: excusing it would let the clock move.
     */
    @Test
    @Timeout(30) // a watchdog that looked further behind the domain's lock would wait for it: a failure, not a hang
    void section3_aMemberBlockedOnTheDomainsOwnLockIsNeverExcused() throws Exception {
        domain = Domain.open(DomainOptions.builder().build());
        Object monitor = new Object();
        assertThat(blockedBehindAWaitingOwner(domain, true)).isFalse();
        assertThat(blockedBehindAWaitingOwner(monitor, true)).isFalse();
        assertThat(blockedBehindAWaitingOwner(monitor, false))
                .as("the same shape on an application's monitor, its owner parked as the ledger says").isTrue();
    }

    /**
     * Starts an owner and a contender, marks the owner waiting in the ledger, lets it take {@code monitor} and, if
     * {@code ownerRuns}, stay runnable with it (else park for real, holding it), then lets the contender block
     * entering {@code monitor}: returns what the watchdog makes of the contender.
     */
    private static boolean blockedBehindAWaitingOwner(Object monitor, boolean ownerRuns) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread owner = TestMembers.start("owner", () -> {
            go.await();
            synchronized (monitor) {
                holding.countDown();
                if (ownerRuns) {
                    while (letGo.getCount() > 0) {
                        Thread.onSpinWait(); // running, holding the monitor: no agent rewrites this test
                    }
                } else {
                    letGo.await(); // parked for real, holding the monitor
                }
            }
        });
        CountDownLatch contend = new CountDownLatch(1);
        Thread contender = TestMembers.start("contender", () -> {
            contend.await();
            synchronized (monitor) {
                // entered once the owner lets go
            }
        });
        Member ownerMember = Domains.memberOf(owner);
        Domain d = ownerMember.domain;
        Member.State was;
        synchronized (d) {
            was = ownerMember.state;
            ownerMember.state = Member.State.WAITING; // what the ledger shows of a member woken for real
        }
        boolean excused;
        try {
            go.countDown();
            holding.await();
            contend.countDown();
            while (contender.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            while (!ownerRuns && owner.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            excused = Watchdog.allBlockedBehindBlockedOwners(d, List.of(Domains.memberOf(contender)));
        } finally {
            letGo.countDown();
            go.countDown();
            contend.countDown();
            synchronized (d) {
                ownerMember.state = was;
            }
        }
        ThreadHooks.join(owner);
        ThreadHooks.join(contender);
        return excused;
    }
}
