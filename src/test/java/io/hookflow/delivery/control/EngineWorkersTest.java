package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineWorkersTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final EngineWorkers workers = new EngineWorkers();

    @AfterEach
    void stop() {
        workers.stop();
        executor.shutdownNow();
    }

    private void started() {
        workers.start(executor, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.running() == 2);
    }

    @Test
    void noJobIsTakenBeforeAWorkerRuns() {
        assertThat(workers.offer(() -> { })).isFalse();
    }

    @Test
    void offeredJobsRunOnTheWorkersAndNotOnTheCaller() {
        started();
        Set<String> ran = ConcurrentHashMap.newKeySet();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 100; i++) {
            String name = "job-" + i;
            assertThat(workers.offer(() -> {
                ran.add(name);
                threads.add(Thread.currentThread());
            })).isTrue();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 100);
        assertThat(threads).doesNotContain(Thread.currentThread());
    }

    @Test
    void aFailingJobCostsNoWorker() {
        started();
        for (int i = 0; i < 5; i++) {
            workers.offer(() -> {
                throw new IllegalStateException("this job fails");
            });
        }
        CountDownLatch after = new CountDownLatch(1);
        workers.offer(after::countDown);

        await().atMost(Duration.ofSeconds(5)).until(() -> after.getCount() == 0);
        assertThat(workers.running()).isEqualTo(2);
    }

    @Test
    void twoWorkersRunTwoJobsAtOnceSoASlowJobHoldsUpNoOther() throws Exception {
        started();
        CountDownLatch slowRuns = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        workers.offer(() -> {
            slowRuns.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> release.getCount() == 0);
        });
        assertThat(slowRuns.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch quick = new CountDownLatch(1);
        workers.offer(quick::countDown);

        assertThat(quick.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void afterStopNothingIsTakenAndWhatWasQueuedRunsOnTheStoppingThread() throws Exception {
        started();
        CountDownLatch busy = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            workers.offer(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        List<Thread> leftOverRanOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        workers.offer(() -> leftOverRanOn.add(Thread.currentThread()));

        workers.stop();
        workers.runQueued();

        assertThat(workers.offer(() -> { })).isFalse();
        assertThat(leftOverRanOn).containsExactly(Thread.currentThread());
    }
}
