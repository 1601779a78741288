package io.hookflow.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Which database the application runs on, asked once, and what only PostgreSQL can do. */
@ApplicationScoped
public class Database {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** Asked of the configuration that also picks the driver ({@link ConfiguredDataSource}), so the two never disagree. */
    public boolean postgres() {
        return ConfiguredDataSource.DatabaseSettings.configured().isPostgres();
    }

    /**
     * The current transaction need not wait for the WAL flush at commit (PostgreSQL {@code synchronous_commit = off},
     * this transaction only): for the engine's claims and bookings. If the database crashes, the last fraction of a
     * second of them is lost, never corrupted: a lost claim is work due again, a lost booking work done again (at
     * least once, as the contract says) and its ledger row missing. Everything else keeps full durability.
     */
    public void commitWithoutWaitingForDisk() {
        if (postgres()) {
            em.createNativeQuery("SET LOCAL synchronous_commit TO OFF").executeUpdate();
        }
    }
}
