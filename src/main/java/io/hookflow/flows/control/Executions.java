package io.hookflow.flows.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.Predicate;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Unauthorized;
import io.hookflow.platform.control.NotFound;
import io.hookflow.platform.control.Malformed;
import io.hookflow.platform.control.Conflict;
import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.delivery.entity.DeliveryAttempt_;
import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDirection;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowExecution_;
import io.hookflow.flows.entity.FlowStatus;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRun_;
import io.hookflow.flows.entity.Trigger;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.Paging;
import io.hookflow.platform.control.Texts;
import io.hookflow.platform.control.Timestamps;

/** Starting executions (run now, inbound trigger) and reading them back with their step results. */
@ApplicationScoped
@Transactional
public class Executions {

    private static final Paging.Listing<FlowExecution> LISTING = Paging.listing(FlowExecution.class,
            (cb, root, shape) -> {
                List<Predicate> where = new ArrayList<>();
                where.add(cb.equal(root.get(FlowExecution_.flowId), shape.value("flow", UUID.class)));
                if (shape.has("status")) {
                    where.add(cb.equal(root.get(FlowExecution_.status), shape.value("status", ExecutionStatus.class)));
                }
                return where;
            },
            (cb, root) -> List.of(cb.desc(root.get(FlowExecution_.createdAt)), cb.desc(root.get(FlowExecution_.id))));

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    FlowStore store;

    @Inject
    FlowStatuses statuses;

    @Inject
    Event<StepsDue> stepsDue;

    /** A run now; an input number out of bounds is refused (PostgreSQL's jsonb cannot even store 1e2147483647). */
    public FlowExecution run(UUID companyId, String flowId, Map<String, Object> input, String user) {
        Numbers.problem(input).ifPresent(problem -> {
            List<Object> loc = new ArrayList<>(List.of("body", "variables"));
            loc.addAll(problem.at());
            throw new Invalid(new FieldError(loc, problem.message(), "value_error"));
        });
        return start(store.owned(companyId, flowId).orElseThrow(() -> FlowStore.notFound(flowId)), Trigger.MANUAL, input, null, user);
    }

    /**
     * An inbound call: the flow's own token authenticates it (no JWT), and its JSON body becomes the input
     * through the flow's mapping. A wrong token starts nothing.
     */
    public FlowExecution trigger(String flowId, String presentedToken, String body) {
        var flow = store.live(flowId).orElseThrow(() -> FlowStore.notFound(flowId));
        if (!InboundTokens.matches(presentedToken, flow.inboundTokenHash())) {
            throw new Unauthorized("X-Flow-Token is missing or does not match this flow's inbound token");
        }
        if (flow.direction() != FlowDirection.INBOUND) {
            throw new Conflict("flow " + flowId + " is outbound (flow_direction): only inbound flows take trigger calls");
        }
        Map<String, Object> input;
        try {
            input = InboundMapping.input(flow.flowMapping(), body);
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
        // the body reaches here as text, so the check every parsed body gets (NulCharacters) is made on its values
        Texts.requireNoNul(List.of("body"), input);
        return start(flow, Trigger.INBOUND, input, null, null);
    }

    /**
     * A new execution of {@code flow} with one run per current step, the first ones due at once; the flow is
     * {@code running} from here. The flow row is locked only when its status must change: starts of a busy flow
     * run side by side. A booking that settles another execution at the same moment may miss this one (it is not
     * committed yet) and call the flow idle; this execution's first booked try puts it right.
     */
    FlowExecution start(Flow flow, Trigger trigger, Map<String, Object> input, Instant scheduledFor, String user) {
        requireAccepting(flow);
        var now = Timestamps.now();
        var execution = new FlowExecution(flow, trigger, input, scheduledFor, user, now);
        em.persist(execution);
        ExecutionAdvancer.runsFor(execution, store.currentSteps(flow.id()), now, now).forEach(em::persist);
        if (flow.status() != FlowStatus.RUNNING) {
            requireAccepting(statuses.lock(flow)); // read again under the lock: a stop or delete that just committed wins
            flow.follow(FlowStatus.RUNNING);
        }
        stepsDue.fire(new StepsDue(execution.id()));
        return execution;
    }

    private static void requireAccepting(Flow flow) {
        if (!flow.status().acceptsExecutions()) {
            if (flow.isDeleted()) {
                throw FlowStore.notFound(flow.id().toString());
            }
            throw new Conflict("flow " + flow.id() + " is " + flow.status().wireName()
                    + " and takes no new executions; POST /v1/webhooks/" + flow.id() + "/start resumes it");
        }
    }

    /** Whether the schedule's due time {@code scheduledFor} already started an execution of the flow. */
    boolean startedFor(UUID flowId, Instant scheduledFor) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(Long.class);
        var root = query.from(FlowExecution.class);
        query.select(cb.count(root)).where(cb.equal(root.get(FlowExecution_.flowId), flowId),
                cb.equal(root.get(FlowExecution_.scheduledFor), scheduledFor));
        return em.createQuery(query).getSingleResult() > 0;
    }

    public Paging.Page<FlowExecution> list(UUID companyId, String flowId, int page, int size, Optional<ExecutionStatus> status) {
        UUID id = store.owned(companyId, flowId).orElseThrow(() -> FlowStore.notFound(flowId)).id();
        return LISTING.page(em, new Paging.Values().with("flow", id).with("status", status), page, size);
    }

    /** An execution with the step results of its latest attempt, and each step run's tries from the ledger. */
    public record Details(FlowExecution execution, List<StepRun> steps, Map<UUID, List<DeliveryAttempt>> tries) {
    }

    public Details get(UUID companyId, String flowId, String executionId) {
        var flow = store.owned(companyId, flowId).orElseThrow(() -> FlowStore.notFound(flowId));
        var execution = FlowStore.parse(executionId).map(id -> em.find(FlowExecution.class, id))
                .filter(e -> e.flowId().equals(flow.id()))
                .orElseThrow(() -> new NotFound("execution " + executionId + " not found"));
        List<StepRun> runs = stepRuns(execution.id(), execution.attemptNumber());
        return new Details(execution, runs, tries(runs));
    }

    /** The ledger's rows of these step runs, oldest first. */
    private Map<UUID, List<DeliveryAttempt>> tries(List<StepRun> runs) {
        if (runs.isEmpty()) {
            return Map.of();
        }
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(DeliveryAttempt.class);
        var attempt = query.from(DeliveryAttempt.class);
        query.where(cb.equal(attempt.get(DeliveryAttempt_.kind), FlowStepWork.KIND),
                        attempt.get(DeliveryAttempt_.workId).in(runs.stream().map(run -> run.id().toString()).toList()))
                .orderBy(cb.asc(attempt.get(DeliveryAttempt_.attemptNumber)), cb.asc(attempt.get(DeliveryAttempt_.createdAt)));
        return em.createQuery(query).getResultStream()
                .collect(Collectors.groupingBy(a -> UUID.fromString(a.workId()), LinkedHashMap::new, Collectors.toList()));
    }

    List<StepRun> stepRuns(UUID executionId, int attemptNumber) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(StepRun.class);
        var run = query.from(StepRun.class);
        query.where(cb.equal(run.get(StepRun_.executionId), executionId),
                        cb.equal(run.get(StepRun_.attemptNumber), attemptNumber))
                .orderBy(cb.asc(run.get(StepRun_.stepNumber)));
        return em.createQuery(query).getResultList();
    }

    /**
     * Ends every execution of the flow that has not finished, and the steps they had not run. The executions are
     * locked first (the order bookings lock in), so a try being booked now either lands before or is ignored.
     */
    void abandonUnfinished(Flow flow, String reason, Instant now) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(FlowExecution.class);
        var root = query.from(FlowExecution.class);
        query.where(cb.equal(root.get(FlowExecution_.flowId), flow.id()),
                        root.get(FlowExecution_.status).in(ExecutionStatus.SCHEDULED, ExecutionStatus.IN_PROGRESS))
                .orderBy(cb.asc(root.get(FlowExecution_.id)));
        for (FlowExecution execution : em.createQuery(query).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
            execution.abandon(reason, now);
            stepRuns(execution.id(), execution.attemptNumber()).forEach(run -> run.skip(reason, now));
        }
    }
}
