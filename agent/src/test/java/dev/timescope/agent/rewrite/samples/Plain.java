package dev.timescope.agent.rewrite.samples;

/** Names nothing the agent rewrites: its bytes are never parsed. */
public class Plain {

    public static int twice(int x) {
        return 2 * x;
    }
}
