package io.hookflow.flows.control;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.Conflict;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDeliveryState;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.Timestamps;

/** Writing a company's flows: every write validates the flow as a whole first. */
@ApplicationScoped
@Transactional
public class Flows {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    FlowStore store;

    @Inject
    Executions executions;

    @Inject
    FlowStatuses statuses;

    /** A new flow and its trigger token, shown this once. */
    public record Created(FlowDetails details, String inboundToken) {
    }

    public Created create(UUID companyId, Flow.Settings settings, List<FlowStep.Settings> steps, String user) {
        requireValid(settings, steps);
        var now = Timestamps.now();
        String token = InboundTokens.generate();
        var flow = new Flow(companyId, settings, InboundTokens.hash(token), user, now);
        em.persist(flow);
        em.persist(new FlowDeliveryState(flow.id()));
        steps.forEach(step -> em.persist(new FlowStep(flow.id(), step, now)));
        planNextRun(flow, now);
        em.flush();
        return new Created(store.details(flow), token);
    }

    public FlowDetails replace(UUID companyId, String flowId, Flow.Settings settings, List<FlowStep.Settings> steps, String user) {
        requireValid(settings, steps);
        var flow = ownedLocked(companyId, flowId);
        var now = Timestamps.now();
        flow.apply(settings, user, now);
        store.currentSteps(flow.id()).forEach(step -> step.retire(now));
        em.flush(); // retire before the replacements share their step numbers
        steps.forEach(step -> em.persist(new FlowStep(flow.id(), step, now)));
        planNextRun(flow, now);
        em.flush();
        return store.details(flow);
    }

    /** Soft delete: its unfinished executions end (locked before the flow, the order bookings lock in). */
    public void delete(UUID companyId, String flowId, String user) {
        var flow = store.owned(companyId, flowId).orElseThrow(() -> FlowStore.notFound(flowId));
        var now = Timestamps.now();
        executions.abandonUnfinished(flow, "the flow was deleted", now);
        requireLive(statuses.lock(flow), flowId).delete(user, now);
    }

    public FlowDetails stop(UUID companyId, String flowId, String user) {
        var flow = ownedLocked(companyId, flowId);
        flow.stop(user, Timestamps.now());
        return store.details(flow);
    }

    /**
     * Takes executions again, with the status its executions give it (it may have some still running); an open
     * circuit breaker closes and counts afresh, so the step tries it held back go out.
     */
    public FlowDetails start(UUID companyId, String flowId, String user) {
        var flow = ownedLocked(companyId, flowId);
        var now = Timestamps.now();
        flow.start(user, now);
        deliveryState(flow.id()).pacing().reset();
        planNextRun(flow, now);
        statuses.follow(Collections.singletonMap(flow.id(), null));
        return store.details(flow);
    }

    /** The engine's state row, locked (after the flow, the order bookings lock in); created for a flow that predates it. */
    private FlowDeliveryState deliveryState(UUID flowId) {
        return Optional.ofNullable(em.find(FlowDeliveryState.class, flowId, LockModeType.PESSIMISTIC_WRITE)).orElseGet(() -> {
            var state = new FlowDeliveryState(flowId);
            em.persist(state);
            return state;
        });
    }

    /** The company's flow, locked against engine bookings and other writers while this transaction changes it. */
    private Flow ownedLocked(UUID companyId, String flowId) {
        return requireLive(statuses.lock(store.owned(companyId, flowId).orElseThrow(() -> FlowStore.notFound(flowId))), flowId);
    }

    private static Flow requireLive(Flow flow, String flowId) {
        if (flow.isDeleted()) {
            throw FlowStore.notFound(flowId);
        }
        return flow;
    }

    /** A new flow made from one of the company's templates; a flow that is not a template cannot be cloned. */
    public Created cloneTemplate(UUID companyId, String templateId, Optional<String> name, Optional<String> workspaceId,
                                 String user) {
        var template = store.owned(companyId, templateId).orElseThrow(() -> FlowStore.notFound(templateId));
        if (!template.isTemplate()) {
            throw new Conflict("flow " + templateId + " is not a template (is_template is false): only templates can be cloned");
        }
        var s = template.settings();
        var settings = new Flow.Settings(workspaceId.orElse(s.workspaceId()), name.orElse(s.name()), s.logo(),
                s.retryDelay(), s.retryDelayUnit(), s.maxRetries(), false, s.direction(), s.flowMapping(), s.tagName(),
                s.categoryName(), s.predefinedVariables(), s.variables(), s.schedule(), s.rateLimitPerSecond());
        var steps = store.currentSteps(template.id()).stream().map(FlowStep::settings).toList();
        return create(companyId, settings, steps, user);
    }

    private static void requireValid(Flow.Settings settings, List<FlowStep.Settings> steps) {
        List<FieldError> problems = FlowValidator.problems(settings, steps);
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
    }

    /** Templates never run by themselves; other flows with a schedule are due at its next time. */
    private static void planNextRun(Flow flow, Instant now) {
        flow.scheduleNextRun(flow.isTemplate() || !flow.status().acceptsExecutions() ? null
                : flow.schedule().flatMap(schedule -> CronSchedules.nextAfter(schedule, now)).orElse(null));
    }
}
