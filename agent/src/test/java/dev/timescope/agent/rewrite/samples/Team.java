package dev.timescope.agent.rewrite.samples;

/** Has a join() of its own, unrelated to Thread; and calls no clock at all apart from its name. */
public class Team {

    int members;

    public void join() {
        members++;
    }

    public static int run() {
        Team team = new Team();
        team.join();
        return team.members;
    }
}
