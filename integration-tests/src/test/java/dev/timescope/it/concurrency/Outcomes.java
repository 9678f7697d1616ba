package dev.timescope.it.concurrency;

import dev.timescope.Task;
import java.util.ArrayList;
import java.util.List;

/** The loop every aiotools scope test ends with: results, errors and cancellations of the tasks, counted. */
final class Outcomes<T> {

    final List<T> results = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    int cancelled;

    static <T> Outcomes<T> of(List<Task<T>> tasks, List<T> resultsSoFar) {
        Outcomes<T> o = new Outcomes<>();
        o.results.addAll(resultsSoFar);
        for (Task<T> t : tasks) {
            switch (t.status()) {
                case SUCCESS:
                    o.results.add(t.resultNow());
                    break;
                case FAILED:
                    o.errors.add(t.exceptionNow());
                    break;
                case CANCELLED:
                    o.cancelled++;
                    break;
                default:
                    throw new AssertionError("still running after its scope: " + t);
            }
        }
        return o;
    }
}
