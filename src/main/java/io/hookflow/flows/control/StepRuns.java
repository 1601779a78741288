package io.hookflow.flows.control;

import java.nio.charset.StandardCharsets;
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
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.AttemptInserts;
import io.hookflow.delivery.control.AttemptLedger;
import io.hookflow.delivery.control.Backlog;
import io.hookflow.delivery.control.Booked;
import io.hookflow.delivery.control.Claim;
import io.hookflow.delivery.control.ClaimRequest;
import io.hookflow.delivery.control.ClaimStatistics;
import io.hookflow.delivery.control.DeliveryRequest;
import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.entity.DeliveryAttempt;
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

    /** How much of a step's response is kept: its variables are taken from it. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(StepRuns.class.getName());

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    FlowStatuses statuses;

    @Inject
    FlowGates gates;

    @Inject
    ClaimStatistics statistics;

    @Inject
    AttemptInserts ledger;

    static final LeasedWork<StepRun> WORK = new LeasedWork<>(StepRun.class, StepRun_.id, StepRun_.dueAt, StepRun_.lease);

    /**
     * Leases up to {@code max} due step runs, oldest due first, skipping those another node locks and those of a
     * busy flow or company; each must get a slot first, or stays due. One step run's failure to build its request,
     * whatever it is, fails that step alone.
     */
    public Claim<ClaimedStep> claim(ClaimRequest request) {
        Instant now = request.now();
        List<StepRun> due = WORK.lockDue(em, now, request.max(), CLAIM_CONDITIONS, busy(request), statistics);
        if (due.isEmpty()) {
            return Claim.none();
        }
        Map<UUID, FlowExecution> executions = byId(FlowExecution.class, FlowExecution_.id,
                due.stream().map(StepRun::executionId).toList(), FlowExecution::id);
        Map<UUID, Flow> flows = byId(Flow.class, Flow_.id,
                executions.values().stream().map(FlowExecution::flowId).toList(), Flow::id);
        Map<UUID, FlowStep> steps = byId(FlowStep.class, FlowStep_.id, due.stream().map(StepRun::stepId).toList(), FlowStep::id);
        Predicate<StepRun> admitted = gates.admission(due, executions, flows, now);
        List<ClaimedStep> claimed = new ArrayList<>(due.size());
        int leftDue = 0;
        for (StepRun run : due) {
            FlowExecution execution = executions.get(run.executionId());
            if (execution == null || execution.status().isFinal() || execution.attemptNumber() != run.attemptNumber()) {
                run.skip("not run: its execution had ended", now);
                continue;
            }
            // the rate limit first: a run its flow's bucket cannot pay for must not hold a lane slot
            if (!admitted.test(run) || !request.takeSlot(ClaimedStep.tenant(execution.companyId()), ClaimedStep.lane(execution.flowId()))) {
                leftDue++;
                continue;
            }
            claimed.add(claim(request, run, execution, flows.get(execution.flowId()), steps.get(run.stepId())));
        }
        return Claim.of(claimed, due.size(), request.max(), leftDue);
    }

    private static final String BUSY_FLOWS = "busy_flows";
    private static final String BUSY_COMPANIES = "busy_companies";

    /** Step runs of a full flow (lane) or company (tenant) wait for the next claim. */
    private static final LeasedWork.Condition<StepRun> NOT_BUSY = (cb, query, root, parameters) -> {
        if (!parameters.has(BUSY_FLOWS) && !parameters.has(BUSY_COMPANIES)) {
            return cb.conjunction();
        }
        var subquery = query.subquery(UUID.class);
        var execution = subquery.from(FlowExecution.class);
        var where = cb.equal(execution.get(FlowExecution_.id), root.get(StepRun_.executionId));
        if (parameters.has(BUSY_FLOWS)) {
            where = cb.and(where, cb.not(execution.get(FlowExecution_.flowId).in(parameters.list(BUSY_FLOWS))));
        }
        if (parameters.has(BUSY_COMPANIES)) {
            where = cb.and(where, cb.not(execution.get(FlowExecution_.companyId).in(parameters.list(BUSY_COMPANIES))));
        }
        subquery.select(execution.get(FlowExecution_.id)).where(where);
        return cb.exists(subquery);
    };

    private static final List<LeasedWork.Condition<StepRun>> CLAIM_CONDITIONS = Stream.concat(
            Stream.of(NOT_BUSY), FlowGates.claimConditions().stream()).toList();

    private static Map<String, List<UUID>> busy(ClaimRequest request) {
        Map<String, List<UUID>> busy = new HashMap<>();
        List<UUID> busyFlows = ids(request.busyLanes(), ClaimedStep.lane(null));
        if (!busyFlows.isEmpty()) {
            busy.put(BUSY_FLOWS, busyFlows);
        }
        List<UUID> busyCompanies = ids(request.busyTenants(), ClaimedStep.tenant(null));
        if (!busyCompanies.isEmpty()) {
            busy.put(BUSY_COMPANIES, busyCompanies);
        }
        return busy;
    }

    private static List<UUID> ids(Collection<String> keys, String nullKey) {
        String prefix = nullKey.substring(0, nullKey.length() - "null".length());
        return keys.stream().filter(key -> key.startsWith(prefix)).map(key -> key.substring(prefix.length()))
                .flatMap(id -> FlowStore.parse(id).stream()).toList();
    }

    private static ClaimedStep claim(ClaimRequest request, StepRun run, FlowExecution execution, Flow flow, FlowStep step) {
        Instant now = request.now();
        Instant deadline = ExecutionAdvancer.deadline(run, step, now);
        Duration left = Duration.between(now, deadline);
        Duration timeout = left.compareTo(Duration.ofSeconds(step.webhookTimeout())) < 0 ? left : Duration.ofSeconds(step.webhookTimeout());
        Instant until = request.leaseUntil(timeout.toMillis() < 1 ? null : timeout);
        run.claim(request.owner(), until, now);
        String method = step.webhookMethod().wireName();
        if (run.startedAt().isBefore(now) && timeout.toMillis() < 1) {
            return notSent(run, execution, step, until, StepTry.notSent(method, step.webhookUrl(),
                    "its timeout of " + step.timeout() + " s was used up before try " + (run.attempts() + 1)));
        }
        try {
            var scope = new VariableScope(flow.predefinedVariables(), flow.variables(), execution.input(), execution.variables());
            var prepared = PreparedRequest.of(step, scope);
            byte[] body = prepared.body() == null ? null : prepared.body().getBytes(StandardCharsets.UTF_8);
            var delivery = new DeliveryRequest(prepared.url(), prepared.method(), prepared.headers(), body, timeout, MAX_RESPONSE_BYTES);
            return new ClaimedStep(run.id(), execution.id(), execution.flowId(), execution.companyId(), run.stepNumber(),
                    run.attempts() + 1, until, step, flow.variables(), delivery, null);
        } catch (VariableValues.Unavailable | IllegalArgumentException e) {
            return notSent(run, execution, step, until, StepTry.notSent(method, step.webhookUrl(),
                    "its request could not be built: " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // whatever one step's variables do to the code that fills them in, the other steps are claimed
            LOG.log(Level.WARNING, e, () -> "step run " + run.id() + " of execution " + execution.id() + " cannot be sent");
            return notSent(run, execution, step, until, StepTry.notSent(method, step.webhookUrl(),
                    "its request could not be built (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static ClaimedStep notSent(StepRun run, FlowExecution execution, FlowStep step, Instant until, StepTry why) {
        return new ClaimedStep(run.id(), execution.id(), execution.flowId(), execution.companyId(), run.stepNumber(),
                run.attempts() + 1, until, step, List.of(), null, why);
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
        List<DeliveryAttempt> attempts = new ArrayList<>();
        for (FinishedStep one : finished) {
            StepRun run = runsById.get(one.claimed().stepRunId());
            FlowExecution execution = executions.get(one.claimed().executionId());
            if (run == null || execution == null) {
                booked.add(Booked.MISSING);
                continue;
            }
            if (one.made() && one.attempt().sent() && one.outcome() != null) {
                attempts.add(attempt(one, one.claimed().tryNumber()));
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
            var result = advancer.record(run, one.attempt(), one.evaluation(), one.at());
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
            booked.add(result.change() == ExecutionAdvancer.Change.IGNORED ? Booked.LEASE_LOST
                    : switch (run.status()) {
                        case SUCCESS -> Booked.DELIVERED;
                        case FAILED -> Booked.FAILED;
                        default -> Booked.RETRY_SCHEDULED;
                    });
        }
        ledger.write(attempts);
        statuses.follow(movedFlows);
        gates.booked(finished, booked);
        return booked;
    }

    /** The try's exchange in the attempt ledger, whatever becomes of the booking. */
    private static DeliveryAttempt attempt(FinishedStep one, int tryNumber) {
        var exchange = AttemptLedger.exchange(one.claimed().request(), one.outcome(), one.at());
        return new DeliveryAttempt(FlowStepWork.KIND, one.claimed().stepRunId().toString(), tryNumber,
                one.evaluation() != null && one.evaluation().failure() == null, exchange);
    }

    /** Gives back every lease {@code owner} holds: its step runs are due again at once for any node. */
    public int releaseAll(String owner) {
        return WORK.releaseAll(em, owner);
    }

    public Backlog backlog(Instant now) {
        return WORK.backlog(em, now, List.of());
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
