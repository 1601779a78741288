package io.hookflow.flows.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowExecution_;
import io.hookflow.flows.entity.FlowStatus;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowStep_;
import io.hookflow.flows.entity.Flow_;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRun_;

/**
 * The flows side of the engine, one transaction per call: claims due step runs under a lease (with their
 * requests prepared from the execution's variables) and books tries on them through {@link ExecutionAdvancer}.
 *
 * <p>Locks are always taken in one order, executions, then step runs, then flows, so two bookings, a booking and
 * a delete, never wait on each other in a circle. A flow's row is locked whenever one of its executions starts
 * or settles, and its status is then recomputed from all its executions ({@link FlowActivity}): with the lock,
 * two executions ending at once cannot both miss each other.
 */
@ApplicationScoped
@Transactional
public class StepRuns {

    /** Room a lease leaves after a request's timeout, so the booking still finds it held. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /** How a try was booked. */
    public enum Booked {
        SUCCEEDED,
        RETRY_SCHEDULED,
        FAILED,
        /** The execution ended meanwhile, or moved on to another attempt: nothing changed. */
        IGNORED,
        /** Never made; the lease was given back. */
        RELEASED,
        /** The lease had lapsed and the step run was claimed again (or settled) meanwhile. */
        LEASE_LOST,
        MISSING
    }

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    FlowStatuses statuses;

    public record Claim(List<ClaimedStep> claimed, boolean pageFull) {
    }

    static final LeasedWork<StepRun> WORK = new LeasedWork<>(StepRun.class, StepRun_.dueAt, StepRun_.leaseUntil);

    /**
     * Leases up to {@code max} due step runs to {@code owner}, oldest due first, skipping those another node
     * locks. {@code takeSlot} is asked per step run with its flow's id and may say no (the flow has as many
     * tries in flight as allowed); such a step run stays due.
     */
    public Claim claim(String owner, Instant now, Duration lease, int max, Predicate<UUID> takeSlot) {
        List<StepRun> due = WORK.lockDue(em, now, max, List.of());
        if (due.isEmpty()) {
            return new Claim(List.of(), false);
        }
        Map<UUID, FlowExecution> executions = byId(FlowExecution.class, FlowExecution_.id,
                due.stream().map(StepRun::executionId).toList(), FlowExecution::id);
        Map<UUID, Flow> flows = byId(Flow.class, Flow_.id,
                executions.values().stream().map(FlowExecution::flowId).toList(), Flow::id);
        Map<UUID, FlowStep> steps = byId(FlowStep.class, FlowStep_.id, due.stream().map(StepRun::stepId).toList(), FlowStep::id);
        List<ClaimedStep> claimed = new ArrayList<>(due.size());
        for (StepRun run : due) {
            FlowExecution execution = executions.get(run.executionId());
            if (execution == null || execution.status().isFinal() || execution.attemptNumber() != run.attemptNumber()) {
                run.skip("not run: its execution had ended", now);
                continue;
            }
            if (!takeSlot.test(execution.flowId())) {
                continue;
            }
            Flow flow = flows.get(execution.flowId());
            FlowStep step = steps.get(run.stepId());
            claimed.add(claim(owner, now, lease, run, execution, flow, step));
        }
        return new Claim(claimed, due.size() == max);
    }

    private static ClaimedStep claim(String owner, Instant now, Duration lease, StepRun run, FlowExecution execution,
                                     Flow flow, FlowStep step) {
        Instant deadline = ExecutionAdvancer.deadline(run, step, now);
        Duration left = Duration.between(now, deadline);
        Duration timeout = left.compareTo(Duration.ofSeconds(step.webhookTimeout())) < 0 ? left : Duration.ofSeconds(step.webhookTimeout());
        Duration held = timeout.plus(LEASE_MARGIN).compareTo(lease) > 0 ? timeout.plus(LEASE_MARGIN) : lease;
        Instant until = now.plus(held);
        run.claim(owner, until, now);
        String method = step.webhookMethod().wireName();
        if (run.startedAt().isBefore(now) && timeout.toMillis() < 1) {
            return notSent(run, execution, until, StepTry.notSent(method, step.webhookUrl(),
                    "its timeout of " + step.timeout() + " s was used up before try " + (run.attempts() + 1)));
        }
        try {
            var scope = new VariableScope(flow.predefinedVariables(), flow.variables(), execution.input(), execution.variables());
            var request = PreparedRequest.of(step, scope);
            return new ClaimedStep(run.id(), execution.id(), execution.flowId(), run.stepNumber(), until, request, timeout, null);
        } catch (VariableValues.Unavailable | IllegalArgumentException e) {
            return notSent(run, execution, until, StepTry.notSent(method, step.webhookUrl(),
                    "its request could not be built: " + e.getMessage()));
        }
    }

    private static ClaimedStep notSent(StepRun run, FlowExecution execution, Instant until, StepTry why) {
        return new ClaimedStep(run.id(), execution.id(), execution.flowId(), run.stepNumber(), until, null, null, why);
    }

    /**
     * Books tries in one transaction: locks their executions (in id order) and step runs, moves each execution
     * along, then brings the status of every flow whose execution started or settled up to date.
     */
    public List<Booked> book(String owner, List<FinishedStep> finished) {
        List<UUID> executionIds = finished.stream().map(f -> f.claimed().executionId()).distinct().sorted().toList();
        Map<UUID, FlowExecution> executions = locked(FlowExecution.class, FlowExecution_.id, executionIds, FlowExecution::id);
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(StepRun.class);
        var root = query.from(StepRun.class);
        query.where(root.get(StepRun_.executionId).in(executionIds)).orderBy(cb.asc(root.get(StepRun_.id)));
        List<StepRun> runs = em.createQuery(query).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        Map<UUID, StepRun> runsById = runs.stream().collect(Collectors.toMap(StepRun::id, Function.identity()));
        Map<UUID, Flow> flows = byId(Flow.class, Flow_.id, executions.values().stream().map(FlowExecution::flowId).toList(), Flow::id);
        Map<UUID, FlowStep> steps = byId(FlowStep.class, FlowStep_.id, runs.stream().map(StepRun::stepId).toList(), FlowStep::id);
        Map<UUID, ExecutionAdvancer> advancers = new HashMap<>();
        Map<UUID, ExecutionStatus> movedFlows = new LinkedHashMap<>();
        List<Booked> booked = new ArrayList<>(finished.size());
        for (FinishedStep one : finished) {
            StepRun run = runsById.get(one.claimed().stepRunId());
            FlowExecution execution = executions.get(one.claimed().executionId());
            if (run == null || execution == null) {
                booked.add(Booked.MISSING);
                continue;
            }
            if (!run.leasedTo(owner, one.claimed().leaseUntil())) {
                booked.add(Booked.LEASE_LOST);
                continue;
            }
            if (!one.made()) {
                run.releaseLease();
                booked.add(Booked.RELEASED);
                continue;
            }
            var advancer = advancers.computeIfAbsent(execution.id(), id -> new ExecutionAdvancer(flows.get(execution.flowId()),
                    execution, runs.stream().filter(r -> r.executionId().equals(id)).toList(), steps));
            var result = advancer.record(run, one.attempt(), one.at());
            result.created().forEach(em::persist);
            Flow flow = flows.get(execution.flowId());
            boolean missedStart = !execution.status().isFinal() && flow.status().acceptsExecutions() && flow.status() != FlowStatus.RUNNING;
            if (result.change().movesFlow() || missedStart) {
                // the second case: a booking elsewhere missed this execution's start and called the flow idle
                ExecutionStatus ended = settled(result.change());
                if (ended != null || !movedFlows.containsKey(execution.flowId())) {
                    movedFlows.put(execution.flowId(), ended);
                }
            }
            booked.add(result.change() == ExecutionAdvancer.Change.IGNORED ? Booked.IGNORED
                    : switch (run.status()) {
                        case SUCCESS -> Booked.SUCCEEDED;
                        case FAILED -> Booked.FAILED;
                        default -> Booked.RETRY_SCHEDULED;
                    });
        }
        statuses.follow(movedFlows);
        return booked;
    }

    /** Gives back every lease {@code owner} holds: its step runs are due again at once for any node. */
    public int releaseAll(String owner) {
        var cb = em.getCriteriaBuilder();
        var update = cb.createCriteriaUpdate(StepRun.class);
        var root = update.from(StepRun.class);
        update.set(root.get(StepRun_.leaseOwner), cb.nullLiteral(String.class))
                .set(root.get(StepRun_.leaseUntil), cb.nullLiteral(Instant.class))
                .where(cb.equal(root.get(StepRun_.leaseOwner), owner));
        return em.createQuery(update).executeUpdate();
    }

    private static ExecutionStatus settled(ExecutionAdvancer.Change change) {
        return switch (change) {
            case SUCCEEDED -> ExecutionStatus.SUCCESS;
            case FAILED -> ExecutionStatus.FAILED;
            default -> null;
        };
    }

    private <E> Map<UUID, E> byId(Class<E> type, jakarta.persistence.metamodel.SingularAttribute<? super E, UUID> id,
                                  Collection<UUID> ids, Function<E, UUID> key) {
        return find(type, id, ids, key, LockModeType.NONE);
    }

    private <E> Map<UUID, E> locked(Class<E> type, jakarta.persistence.metamodel.SingularAttribute<? super E, UUID> id,
                                    Collection<UUID> ids, Function<E, UUID> key) {
        return find(type, id, ids, key, LockModeType.PESSIMISTIC_WRITE);
    }

    private <E> Map<UUID, E> find(Class<E> type, jakarta.persistence.metamodel.SingularAttribute<? super E, UUID> id,
                                  Collection<UUID> ids, Function<E, UUID> key, LockModeType lock) {
        List<UUID> distinct = ids.stream().filter(Objects::nonNull).distinct().sorted().toList();
        if (distinct.isEmpty()) {
            return Map.of();
        }
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(type);
        var root = query.from(type);
        query.where(root.get(id).in(distinct)).orderBy(cb.asc(root.get(id)));
        var typed = em.createQuery(query);
        if (lock != LockModeType.NONE) {
            typed.setLockMode(lock);
        }
        return typed.getResultStream().collect(Collectors.toMap(key, Function.identity()));
    }
}
