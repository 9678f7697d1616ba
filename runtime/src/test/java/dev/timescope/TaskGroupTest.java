package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The fail-fast policy (aiotools' TaskGroup, JDK StructuredTaskScope.open()). */
class TaskGroupTest {

    @Test
    void theFirstFailureCancelsTheSiblingsAndTheBody() {
        CountDownLatch siblingStarted = new CountDownLatch(1);
        Task<?>[] sibling = new Task<?>[1];
        IOException first = new IOException("first");
        assertThatThrownBy(() -> TaskGroup.builder().name("g").run(group -> {
            sibling[0] = group.fork(() -> {
                siblingStarted.countDown();
                return Sync.blockUntilCancelled();
            });
            siblingStarted.await();
            group.fork(() -> {
                throw first;
            });
            Sync.blockUntilCancelled(); // the body is interrupted too
        })).isInstanceOf(ScopeFailedException.class)
                .hasMessageContaining("scope g failed: 1 task failed")
                .hasCause(first)
                .satisfies(e -> assertThat(((ScopeFailedException) e).scopeName()).isEqualTo("g"));
        assertThat(sibling[0].status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(sibling[0].isAlive()).isFalse();
    }

    @Test
    void aTaskThatFailsAfterBeingCancelledIsNoFailureOfTheGroup() {
        CountDownLatch started = new CountDownLatch(1);
        assertThatThrownBy(() -> {
            try (TaskGroup group = TaskGroup.open()) {
                group.fork(() -> {
                    try {
                        started.countDown();
                        return Sync.blockUntilCancelled();
                    } catch (InterruptedException e) {
                        // Cancelled by the first failure, it fails with another exception while stopping.
                        throw new IllegalArgumentException("while cancelled");
                    }
                });
                started.await();
                group.fork(() -> {
                    throw new IllegalStateException("first");
                });
            }
        }).isInstanceOf(ScopeFailedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty())
                .cause().hasMessage("first");
    }

    @Test
    void aGroupWithoutFailuresLeavesQuietly() throws Exception {
        Task<Integer> a;
        Task<Integer> b;
        try (TaskGroup group = TaskGroup.open("quiet")) {
            a = group.fork(() -> 1);
            b = group.fork(() -> 2);
        }
        assertThat(a.resultNow() + b.resultNow()).isEqualTo(3);
    }
}
