package io.hookflow.flows.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.hookflow.platform.control.Texts;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A company's chain of HTTP steps (the steps are {@link FlowStep} rows), its variables, retry policy,
 * optional schedule and inbound trigger token (only its hash is kept).
 */
@Entity
@Table(name = "flows")
public class Flow {

    public static final String DEFAULT_WORKSPACE = "default";
    static final int MAX_REASON_LENGTH = 500;

    @Id
    private UUID id;

    @Column(name = "company_id", nullable = false, updatable = false)
    private UUID companyId;

    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(length = 2048)
    private String logo;

    @Column(name = "retry_delay")
    private int retryDelay;

    @Enumerated(EnumType.STRING)
    @Column(name = "retry_delay_unit", nullable = false, length = 16)
    private RetryDelayUnit retryDelayUnit;

    @Column(name = "max_retries")
    private int maxRetries;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private FlowStatus status;

    @Column(name = "is_template")
    private boolean template;

    @Enumerated(EnumType.STRING)
    @Column(name = "flow_direction", nullable = false, length = 16)
    private FlowDirection direction;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "flow_mapping")
    private Map<String, Object> flowMapping;

    @Column(name = "tag_name")
    private String tagName;

    @Column(name = "category_name")
    private String categoryName;

    /** Values encrypted one by one ({@link SealedValues}): constants and custom values hold API keys. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "predefined_variables")
    private List<PredefinedVariable> predefinedVariables;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "variables")
    private List<FlowVariable> variables;

    @Column(name = "schedule_cron")
    private String scheduleCron;

    @Column(name = "schedule_timezone", length = 64)
    private String scheduleTimezone;

    /** The next time the schedule starts an execution; null without a schedule or while the flow takes none. */
    @Column(name = "next_run_at")
    private Instant nextRunAt;

    @Column(name = "rate_limit_per_second")
    private Integer rateLimitPerSecond;

    /** Why the circuit breaker holds its step tries back, and since when; null while it sends. */
    @Column(name = "disabled_reason", length = MAX_REASON_LENGTH)
    private String disabledReason;

    @Column(name = "inbound_token_hash", nullable = false, length = 64)
    private String inboundTokenHash;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "updated_by")
    private String updatedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected Flow() {
    }

    /** Everything a user writes on a flow besides its steps. */
    public record Settings(String workspaceId, String name, String logo, int retryDelay, RetryDelayUnit retryDelayUnit,
                           int maxRetries, boolean template, FlowDirection direction, Map<String, Object> flowMapping,
                           String tagName, String categoryName, List<PredefinedVariable> predefinedVariables,
                           List<FlowVariable> variables, Schedule schedule, Integer rateLimitPerSecond) {
        public Settings {
            workspaceId = workspaceId == null || workspaceId.isBlank() ? DEFAULT_WORKSPACE : workspaceId;
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a flow needs a name");
            }
            if (retryDelay < 0 || maxRetries < 0) {
                throw new IllegalArgumentException("retry_delay and max_retries are never negative");
            }
            if (rateLimitPerSecond != null && rateLimitPerSecond < 1) {
                throw new IllegalArgumentException("rate_limit_per_second is at least 1 when set");
            }
            Objects.requireNonNull(retryDelayUnit, "retryDelayUnit");
            Objects.requireNonNull(direction, "direction");
            flowMapping = flowMapping == null ? Map.of() : new LinkedHashMap<>(flowMapping);
            predefinedVariables = predefinedVariables == null ? List.of() : List.copyOf(predefinedVariables);
            variables = variables == null ? List.of() : List.copyOf(variables);
        }

        public Optional<Schedule> optionalSchedule() {
            return Optional.ofNullable(schedule);
        }
    }

    public Flow(UUID companyId, Settings settings, String inboundTokenHash, String user, Instant now) {
        this.id = UUID.randomUUID();
        this.companyId = Objects.requireNonNull(companyId, "companyId");
        this.inboundTokenHash = Objects.requireNonNull(inboundTokenHash, "inboundTokenHash");
        this.status = FlowStatus.SCHEDULED;
        this.createdBy = user;
        this.createdAt = now;
        apply(settings, user, now);
    }

    /** Replaces everything the user wrote (the steps are replaced beside it). */
    public void apply(Settings settings, String user, Instant now) {
        requireNotDeleted();
        this.workspaceId = settings.workspaceId();
        this.name = settings.name();
        this.logo = settings.logo();
        this.retryDelay = settings.retryDelay();
        this.retryDelayUnit = settings.retryDelayUnit();
        this.maxRetries = settings.maxRetries();
        this.template = settings.template();
        this.direction = settings.direction();
        this.flowMapping = new LinkedHashMap<>(settings.flowMapping());
        this.tagName = settings.tagName();
        this.categoryName = settings.categoryName();
        this.predefinedVariables = new ArrayList<>(settings.predefinedVariables().stream()
                .map(v -> new PredefinedVariable(v.name(), SealedValues.seal(v.value()))).toList());
        this.variables = new ArrayList<>(settings.variables().stream()
                .map(v -> v.withCustomValue(SealedValues.seal(v.customValue()))).toList());
        this.scheduleCron = settings.optionalSchedule().map(Schedule::cron).orElse(null);
        this.scheduleTimezone = settings.optionalSchedule().map(Schedule::timezone).orElse(null);
        this.nextRunAt = null;
        this.rateLimitPerSecond = settings.rateLimitPerSecond();
        touch(user, now);
    }

    public Settings settings() {
        return new Settings(workspaceId, name, logo, retryDelay, retryDelayUnit, maxRetries, template, direction,
                flowMapping, tagName, categoryName, predefinedVariables(), variables(), schedule().orElse(null),
                rateLimitPerSecond);
    }

    /** Paused by a user: no new executions, no scheduled times. */
    public void stop(String user, Instant now) {
        requireNotDeleted();
        this.status = FlowStatus.STOPPED;
        this.nextRunAt = null;
        touch(user, now);
    }

    /**
     * Takes executions again; a flow that was not stopped keeps the status it has. A person starting it also
     * closes its circuit breaker: the step tries it held back go out.
     */
    public void start(String user, Instant now) {
        requireNotDeleted();
        if (status == FlowStatus.STOPPED) {
            this.status = FlowStatus.SCHEDULED;
        }
        this.disabledReason = null;
        touch(user, now);
    }

    /** Its circuit breaker opened: its step tries wait until a person starts the flow again. */
    public void holdBack(String reason, String by, Instant now) {
        requireNotDeleted();
        this.disabledReason = Texts.storable(Objects.requireNonNull(reason, "reason"), MAX_REASON_LENGTH);
        touch(by, now);
    }

    public void delete(String user, Instant now) {
        this.status = FlowStatus.DELETED;
        this.deletedAt = now;
        this.nextRunAt = null;
        touch(user, now);
    }

    /** The schedule's next due time, as computed from the cron; null stops scheduled starts. */
    public void scheduleNextRun(Instant at) {
        if (at != null && (!status.acceptsExecutions() || scheduleCron == null)) {
            throw new IllegalStateException("flow " + id + " has no schedule or takes no executions");
        }
        this.nextRunAt = at;
    }

    /**
     * Follows what its executions are doing ({@code running}, {@code in-progress}, {@code failed}, {@code scheduled});
     * a stopped or deleted flow keeps its status. Not a user's edit, so {@code updated_at} stays.
     */
    public void follow(FlowStatus activity) {
        if (!status.acceptsExecutions()) {
            return;
        }
        if (!activity.acceptsExecutions()) {
            throw new IllegalArgumentException("executions never make a flow " + activity.wireName());
        }
        this.status = activity;
    }

    public boolean isDeleted() {
        return status == FlowStatus.DELETED;
    }

    private void requireNotDeleted() {
        if (isDeleted()) {
            throw new IllegalStateException("flow " + id + " is deleted");
        }
    }

    private void touch(String user, Instant now) {
        if (user != null) {
            this.updatedBy = user;
        }
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID companyId() {
        return companyId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public String logo() {
        return logo;
    }

    public int retryDelay() {
        return retryDelay;
    }

    public RetryDelayUnit retryDelayUnit() {
        return retryDelayUnit;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public FlowStatus status() {
        return status;
    }

    public boolean isTemplate() {
        return template;
    }

    public FlowDirection direction() {
        return direction;
    }

    public Map<String, Object> flowMapping() {
        return flowMapping == null ? Map.of() : flowMapping;
    }

    public String tagName() {
        return tagName;
    }

    public String categoryName() {
        return categoryName;
    }

    public List<PredefinedVariable> predefinedVariables() {
        return predefinedVariables == null ? List.of() : predefinedVariables.stream()
                .map(v -> new PredefinedVariable(v.name(), SealedValues.open(v.value()))).toList();
    }

    public List<FlowVariable> variables() {
        return variables == null ? List.of() : variables.stream()
                .map(v -> v.withCustomValue(SealedValues.open(v.customValue()))).toList();
    }

    public Optional<Schedule> schedule() {
        return scheduleCron == null ? Optional.empty() : Optional.of(new Schedule(scheduleCron, scheduleTimezone));
    }

    public Instant nextRunAt() {
        return nextRunAt;
    }

    public String inboundTokenHash() {
        return inboundTokenHash;
    }

    public String createdBy() {
        return createdBy;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant deletedAt() {
        return deletedAt;
    }

    public Optional<Integer> rateLimitPerSecond() {
        return Optional.ofNullable(rateLimitPerSecond);
    }

    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }
}
