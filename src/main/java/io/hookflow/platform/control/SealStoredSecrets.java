package io.hookflow.platform.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.hookflow.flows.entity.JsonText;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 36: encrypts the credentials that were stored in plain text before version 35 (signing secrets,
 * bearer tokens, flow step header values, flow constants and custom variable values). Rows already sealed are
 * left as they are, so running it on a database that has none is harmless.
 */
class SealStoredSecrets implements JavaMigration {

    private final String vendor;

    SealStoredSecrets(String vendor) {
        this.vendor = vendor;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("36");
    }

    @Override
    public String getDescription() {
        return "encrypt stored secrets";
    }

    @Override
    public Integer getChecksum() {
        return 36;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        for (String column : List.of("secret", "previous_secret", "bearer_token")) {
            sealColumn(connection, "subscriptions", column, "", text -> SealedSecrets.isSealed(text) ? text : SealedSecrets.seal(text));
        }
        String json = "postgresql".equals(vendor) ? "CAST(? AS jsonb)" : "? FORMAT JSON";
        sealColumn(connection, "flow_steps", "webhook_headers", json, text -> sealJson(text, SealStoredSecrets::sealValues));
        sealColumn(connection, "flows", "predefined_variables", json, text -> sealJson(text, list -> sealEach(list, "value")));
        sealColumn(connection, "flows", "variables", json, text -> sealJson(text, list -> sealEach(list, "customValue")));
    }

    private static void sealColumn(Connection connection, String table, String column, String parameter,
                                   UnaryOperator<String> seal) throws SQLException {
        String select = "SELECT id, " + cast(column, parameter) + " FROM " + table + " WHERE " + column + " IS NOT NULL";
        String update = "UPDATE " + table + " SET " + column + " = " + (parameter.isEmpty() ? "?" : parameter) + " WHERE id = ?";
        try (var query = connection.createStatement(); var rows = query.executeQuery(select);
             PreparedStatement write = connection.prepareStatement(update)) {
            while (rows.next()) {
                String stored = rows.getString(2);
                String sealed = seal.apply(stored);
                if (!sealed.equals(stored)) {
                    write.setString(1, sealed);
                    write.setObject(2, rows.getObject(1));
                    write.addBatch();
                }
            }
            write.executeBatch();
        }
    }

    private static String cast(String column, String parameter) {
        return parameter.isEmpty() ? column : "CAST(" + column + " AS VARCHAR)";
    }

    private static String sealJson(String text, UnaryOperator<Object> seal) {
        return JsonText.read(text).map(seal).map(JsonText::write).orElse(text);
    }

    @SuppressWarnings("unchecked")
    private static Object sealValues(Object headers) {
        if (headers instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).replaceAll((name, value) -> sealValue(value));
        }
        return headers;
    }

    @SuppressWarnings("unchecked")
    private static Object sealEach(Object list, String field) {
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map && map.get(field) != null) {
                    ((Map<String, Object>) map).put(field, sealValue(map.get(field)));
                }
            }
        }
        return list;
    }

    private static Object sealValue(Object value) {
        if (value == null || value instanceof String text && SealedSecrets.isSealed(text)) {
            return value;
        }
        return SealedSecrets.seal(JsonText.write(value));
    }
}
