package dev.xiqauth.server.user;

import java.util.Objects;

/**
 * The ExtremeCloud IQ tenant a user belongs to; issued as the {@code customer_id},
 * {@code customer_mode}, {@code hiq_enabled}, {@code owner_id}, {@code org_id} and
 * {@code data_center} claims, as XIQ's own tokens carry them.
 */
public record TenantAttributes(long customerId, int customerMode, boolean hiqEnabled, long ownerId, long orgId,
        String dataCenter) {

    public TenantAttributes {
        Objects.requireNonNull(dataCenter, "dataCenter");
    }
}
