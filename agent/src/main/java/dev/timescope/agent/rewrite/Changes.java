package dev.timescope.agent.rewrite;

/** How many changes the visitors of one class made; zero means the class is left as it was. */
final class Changes {
    int count;
}
