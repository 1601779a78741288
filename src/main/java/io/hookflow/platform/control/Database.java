package io.hookflow.platform.control;

import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.hibernate.jdbc.Work;

/** Which database the application runs on, asked once, and what only PostgreSQL can do. */
@ApplicationScoped
public class Database {

    private static final Pattern OWN_TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** Read once: asked in every claim and every booking, and the data source does not change while deployed. */
    private Boolean postgres;

    /** Asked of the configuration that also picks the driver ({@link ConfiguredDataSource}), so the two never disagree. */
    public boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = ConfiguredDataSource.DatabaseSettings.configured().isPostgres();
            postgres = known; // first callers racing here compute the same answer
        }
        return known;
    }

    /**
     * The current transaction need not wait for the WAL flush at commit (PostgreSQL {@code synchronous_commit = off},
     * this transaction only): for the engine's claims and bookings. If the database crashes, the last fraction of a
     * second of them is lost, never corrupted: a lost claim is work due again, a lost booking work done again (at
     * least once, as the contract says) and its ledger row missing. Everything else keeps full durability.
     */
    public void commitWithoutWaitingForDisk() {
        // on the transaction's connection, past Hibernate's native-query machinery (parsing, plan, bulk-operation
        // cleanup): half of this line's 5 % of a drain's samples (JFR); the other half is taking the connection
        // from the pool, which the transaction's first statement pays whichever it is
        setLocal("synchronous_commit TO OFF");
    }

    /**
     * The current transaction's statements are planned for the values they are given, every time (PostgreSQL
     * {@code plan_cache_mode = force_custom_plan}, this transaction only): for queries whose best plan depends on
     * a value. A search's {@code LIKE} is one: after five executions of a prepared statement PostgreSQL may keep a
     * generic plan, costed for no pattern in particular, and the one it chose for the event list's search walks
     * the team's records by time, right for a pattern that matches thousands (it stops after a page) and 35 times
     * slower than the trigram indexes for one that matches a hundred (docs/benchmarks.md, nineteenth round).
     */
    public void planForTheValuesGiven() {
        setLocal("plan_cache_mode TO force_custom_plan");
    }

    /**
     * Writes new entities in the caller's transaction: on PostgreSQL by {@code onPostgres}, one statement of the
     * caller's that writes them all on the transaction's connection, elsewhere persisted and flushed. Either way a
     * row that cannot be written fails this call, not the commit.
     */
    public void insert(List<?> entities, Work onPostgres) {
        if (entities.isEmpty()) {
            return;
        }
        if (postgres()) {
            em.unwrap(Session.class).doWork(onPostgres);
            return;
        }
        entities.forEach(em::persist);
        em.flush();
    }

    private void setLocal(String setting) {
        if (postgres()) {
            em.unwrap(Session.class).doWork(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL " + setting);
                }
            });
        }
    }

    /** Has PostgreSQL refresh its planner statistics of one of the application's own tables, in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void analyze(String table) {
        if (!OWN_TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        if (postgres()) {
            em.createNativeQuery("ANALYZE " + table).executeUpdate();
        }
    }
}
