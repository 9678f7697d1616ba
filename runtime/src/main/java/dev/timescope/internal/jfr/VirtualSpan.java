package dev.timescope.internal.jfr;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;

/** Where an event began on a domain's clock, so that its end can tell the virtual duration. */
final class VirtualSpan {

    final Domain domain;
    final long startElapsed;

    private VirtualSpan(Domain domain, long startElapsed) {
        this.domain = domain;
        this.startElapsed = startElapsed;
    }

    /** The calling thread's domain and its clock now; null if the thread belongs to no domain. */
    static VirtualSpan begin() {
        Member m = Domains.currentRecord();
        if (m == null) {
            return null;
        }
        Domain d = m.domain();
        return new VirtualSpan(d, d.elapsedNanos());
    }

    long domainId() {
        return domain.id();
    }

    long startMillis() {
        return epochMillis(domain, startElapsed);
    }

    /** Virtual nanoseconds from the beginning until now. */
    long durationNanos() {
        return Math.max(0, domain.elapsedNanos() - startElapsed);
    }

    long nowMillis() {
        return domain.currentTimeMillis();
    }

    /** The domain's wall clock, in milliseconds since the epoch, {@code elapsed} nanoseconds after its start. */
    static long epochMillis(Domain domain, long elapsed) {
        return domain.start().plusNanos(elapsed).toEpochMilli();
    }
}
