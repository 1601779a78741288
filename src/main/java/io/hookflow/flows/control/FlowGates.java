package io.hookflow.flows.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.Booked;
import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.control.PacingRules;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDeliveryState;
import io.hookflow.flows.entity.FlowDeliveryState_;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.Flow_;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRun_;
import io.hookflow.platform.control.Timestamps;

/**
 * A flow's circuit breaker and rate limit, on the engine's rules ({@link PacingRules}), plugged into the claim and
 * the booking of step runs (they run inside those transactions):
 * <ul>
 * <li>step runs of a flow whose breaker is open ({@code disabled_reason} set) or whose bucket is empty wait: they
 *     stay due, nothing is lost, and go out once a person starts the flow again;</li>
 * <li>a rate-limited flow's claimed runs take tokens from its bucket (a database row, so the limit holds across
 *     nodes);</li>
 * <li>steps that fail for good (after their retries) are counted in a row; a success resets the count. Steps
 *     whose request was never sent (a missing variable) are not the receiver's doing and do not count.</li>
 * </ul>
 * Locks: flows before their state rows, the order {@link Flows#start} takes them in.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FlowGates {

    private static final Logger LOG = Logger.getLogger(FlowGates.class.getName());

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    PacingRules rules;

    @Inject
    FlowStatuses statuses;

    /** More claim conditions: the run's flow has no open breaker and is not held. */
    public static List<LeasedWork.Condition<StepRun>> claimConditions() {
        return CLAIM_CONDITIONS;
    }

    /*
     * Both gates compare the run's own flow_id with a subquery that does not refer to the run: PostgreSQL computes
     * each once per claim and filters the due-index scan with it, so the claim reads due runs in order and stops at
     * its limit. As correlated NOT EXISTS through the executions they became anti joins, and with one flow behind a
     * backlog the planner expected almost no row to survive, sorted every due run on each claim instead, and took
     * 0.77 s per claim of 100 at 30,000 due runs. The columns compared are non-null, so NOT IN means NOT EXISTS.
     */

    private static final LeasedWork.Condition<StepRun> BREAKER_CLOSED = (cb, query, root, parameters) -> {
        var broken = query.subquery(UUID.class);
        var flow = broken.from(Flow.class);
        broken.select(flow.get(Flow_.id)).where(cb.isNotNull(flow.get(Flow_.disabledReason)));
        return cb.not(root.get(StepRun_.flowId).in(broken));
    };

    private static final LeasedWork.Condition<StepRun> NOT_HELD = (cb, query, root, parameters) -> {
        var held = query.subquery(UUID.class);
        var state = held.from(FlowDeliveryState.class);
        held.select(state.get(FlowDeliveryState_.flowId))
                .where(PacingRules.held(cb, state.get(FlowDeliveryState_.pacing), parameters.now()));
        return cb.not(root.get(StepRun_.flowId).in(held));
    };

    private static final List<LeasedWork.Condition<StepRun>> CLAIM_CONDITIONS = List.of(BREAKER_CLOSED, NOT_HELD);

    /** Takes rate-limit tokens for the claimed runs of rate-limited flows; admits a run while its flow has some left. */
    public Predicate<StepRun> admission(List<StepRun> due, Map<UUID, FlowExecution> executions, Map<UUID, Flow> flows,
                                        Instant now) {
        return PacingRules.admission(due.stream().filter(run -> executions.containsKey(run.executionId())).toList(),
                        run -> executions.get(run.executionId()).flowId(),
                        id -> Optional.ofNullable(flows.get(id)).flatMap(Flow::rateLimitPerSecond),
                        id -> state(id).map(FlowDeliveryState::pacing), now)
                .or(run -> !executions.containsKey(run.executionId()));
    }

    /** Books what the tries mean for their flows' breakers; opens a breaker once its count and span are reached. */
    void booked(List<FinishedStep> finished, List<Booked> booked) {
        Set<UUID> failing = new TreeSet<>();
        for (int i = 0; i < finished.size(); i++) {
            if (counts(finished.get(i)) && booked.get(i) == Booked.FAILED) {
                failing.add(finished.get(i).claimed().flowId());
            }
        }
        Map<UUID, Flow> locked = new HashMap<>();
        failing.forEach(id -> Optional.ofNullable(em.find(Flow.class, id)).ifPresent(flow -> locked.put(id, statuses.lock(flow))));
        Map<UUID, FlowDeliveryState> states = new HashMap<>();
        Set<UUID> notFailing = new HashSet<>();
        for (int i = 0; i < finished.size(); i++) {
            FinishedStep one = finished.get(i);
            UUID id = one.claimed().flowId();
            if (!counts(one)) {
                continue;
            }
            if (booked.get(i) == Booked.FAILED) {
                Optional.ofNullable(states.get(id)).or(() -> state(id)).ifPresent(state -> {
                    states.put(id, state);
                    state.pacing().recordTerminalFailure(one.at());
                });
            } else if (booked.get(i) == Booked.DELIVERED && !notFailing.contains(id)) {
                // a success at a flow with nothing counted needs no write at all: the common case stays cheap
                Optional<FlowDeliveryState> found = Optional.ofNullable(states.get(id)).or(() -> failingState(id));
                found.ifPresentOrElse(state -> {
                    states.put(id, state);
                    state.pacing().recordSuccess();
                }, () -> notFailing.add(id));
            }
        }
        Instant now = Timestamps.now();
        states.values().stream()
                .filter(state -> locked.containsKey(state.flowId()) && rules.opens(state.pacing(), now))
                .forEach(state -> holdBack(locked.get(state.flowId()), state, now));
    }

    private void holdBack(Flow flow, FlowDeliveryState state, Instant now) {
        if (flow.disabledReason().isPresent() || flow.isDeleted()) {
            return;
        }
        String reason = "held back by the circuit breaker: " + PacingRules.failing(state.pacing(), "steps")
                + "; their tries and those of executions started meanwhile wait until the flow is started again";
        flow.holdBack(reason, PacingRules.BREAKER, now);
        LOG.warning(() -> "flow " + flow.id() + " " + reason);
    }

    /** Only tries that reached the receiver count for the breaker. */
    private static boolean counts(FinishedStep one) {
        return one.made() && one.attempt().sent();
    }

    /** The flow's state, locked for the rest of the transaction. */
    private Optional<FlowDeliveryState> state(UUID flowId) {
        return Optional.ofNullable(em.find(FlowDeliveryState.class, flowId, LockModeType.PESSIMISTIC_WRITE));
    }

    private Optional<FlowDeliveryState> failingState(UUID flowId) {
        return PacingRules.lockedIfFailing(em, FlowDeliveryState.class, FlowDeliveryState_.flowId, FlowDeliveryState_.pacing, flowId);
    }
}
