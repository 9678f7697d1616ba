package dev.timescope.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Apache Commons Pool 2.13's {@code GenericObjectPool}, the pool under many connection pools and clients: a borrow
 * from an exhausted pool waits {@code maxWait} on the pool's own deque (a timed condition wait) and gives up; the
 * evictor, a task on the scheduled executor the library shares between its pools, destroys objects idle longer
 * than {@code minEvictableIdleDuration}, measured with the clock's readings. On the virtual clock both happen at
 * their exact times. virtual-time.md, section 1 (scheduled work) and section 2 (timed waits and readings).
 */
@VirtualTime
@Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
class CommonsPoolTest {

    private static final class Connections extends BasePooledObjectFactory<String> {
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger destroyed = new AtomicInteger();

        @Override
        public String create() {
            return "connection " + made.incrementAndGet();
        }

        @Override
        public PooledObject<String> wrap(String connection) {
            return new DefaultPooledObject<>(connection);
        }

        @Override
        public void destroyObject(PooledObject<String> p) {
            destroyed.incrementAndGet();
        }
    }

    /** The second borrow of a pool of one waits its five seconds, exactly, then fails as the library says. */
    @Test
    void aBorrowFromAnExhaustedPoolGivesUpAfterItsMaxWait(VirtualClock clock) throws Exception {
        GenericObjectPoolConfig<String> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(1);
        config.setMaxWait(Duration.ofSeconds(5));
        try (GenericObjectPool<String> pool = new GenericObjectPool<>(new Connections(), config)) {
            String held = pool.borrowObject();
            Throwable thrown = catchThrowable(pool::borrowObject);
            assertThat(thrown).isInstanceOf(NoSuchElementException.class).hasMessageContaining("Timeout waiting");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
            pool.returnObject(held);
        }
    }

    /** Runs every 10 s; an object is evicted once idle for more than a minute: at the run of 70 s, not of 60 s. */
    @Test
    void theEvictorDestroysIdleObjectsOnItsSchedule(VirtualClock clock) throws Exception {
        Connections connections = new Connections();
        GenericObjectPoolConfig<String> config = new GenericObjectPoolConfig<>();
        config.setMinEvictableIdleDuration(Duration.ofMinutes(1));
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        config.setNumTestsPerEvictionRun(10);
        try (GenericObjectPool<String> pool = new GenericObjectPool<>(connections, config)) {
            String a = pool.borrowObject();
            String b = pool.borrowObject();
            pool.returnObject(a);
            pool.returnObject(b);
            Thread.sleep(Duration.ofSeconds(65).toMillis());
            assertThat(pool.getNumIdle()).as("idle for exactly a minute at the run of 60 s: not more").isEqualTo(2);
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            assertThat(pool.getNumIdle()).as("idle for 70 s at the run of 70 s").isZero();
            assertThat(connections.destroyed).hasValue(2);
            assertThat(pool.getDestroyedByEvictorCount()).isEqualTo(2);
        }
    }
}
