package dev.easel.server.catalog;

import dev.easel.catalog.AliasChange;
import dev.easel.catalog.Catalog;
import dev.easel.catalog.LiveCatalog;
import dev.easel.catalog.ValidationReport;
import dev.easel.server.task.IdGenerator;
import dev.easel.server.worker.BackendRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The catalog's admin operations: reload, validate a proposed change, switch and roll back an
 * alias (each switch stored with who, when, from and to). Thread-safe.
 *
 * <p>The endpoints live under {@code /v1/admin/}, where {@code dev.easel.server.auth.ApiKeyFilter}
 * lets only admin users in.
 */
final class CatalogAdmin {

    private static final Logger log = LoggerFactory.getLogger(CatalogAdmin.class);

    private final LiveCatalog catalog;
    private final AliasSwitches switches;
    private final IdGenerator ids;
    private final BackendRegistry backends;

    CatalogAdmin(LiveCatalog catalog, AliasSwitches switches, IdGenerator ids, BackendRegistry backends) {
        this.catalog = catalog;
        this.switches = switches;
        this.ids = ids;
        this.backends = backends;
    }

    LiveCatalog catalog() {
        return catalog;
    }

    /** Re-reads the folder; throws {@link dev.easel.catalog.CatalogInvalidException} and keeps the old catalog when invalid. */
    Catalog reload() {
        Catalog loaded = catalog.reload();
        ModelCheck.warn(loaded, backends);
        return loaded;
    }

    ValidationReport validate(Map<String, String> files) {
        return catalog.validate(files);
    }

    Catalog switchAlias(String model, String alias, String version, String actor, String reason) {
        int before = catalog.auditLog().size();
        Catalog after = catalog.switchAlias(model, alias, version, actor, reason);
        persistNew(before);
        return after;
    }

    Catalog rollbackAlias(String model, String alias, String actor, String reason) {
        int before = catalog.auditLog().size();
        Catalog after = catalog.rollbackAlias(model, alias, actor, reason);
        persistNew(before);
        return after;
    }

    private void persistNew(int before) {
        List<AliasChange> changes = catalog.auditLog();
        for (AliasChange change : changes.subList(before, changes.size())) {
            switches.record(ids.next("als"), change);
            log.atInfo().addKeyValue("model", change.modelId()).addKeyValue("alias", change.alias())
                    .addKeyValue("from", change.fromVersion()).addKeyValue("to", change.toVersion())
                    .addKeyValue("actor", change.actor()).addKeyValue("rollback", change.rollback()).log("alias switched");
        }
    }
}
