package dev.timescope.agent.rewrite.samples;

/** A record: ByteBuddy's MemberSubstitution is known to have failed on these. */
public record Stamped(String value, long at) {

    public Stamped(String value) {
        this(value, System.currentTimeMillis());
    }
}
