package dev.timescope.agent.rewrite.samples;

/** A record: ByteBuddy's MemberSubstitution failed on these (lessons.md). */
public record Stamped(String value, long at) {

    public Stamped(String value) {
        this(value, System.currentTimeMillis());
    }
}
