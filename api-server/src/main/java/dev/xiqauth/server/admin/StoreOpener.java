package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.StoreSettings;

/** Opens the configured stores for one admin command; the composition root decides how. */
@FunctionalInterface
public interface StoreOpener {

    /**
     * @param settings where the database is
     * @return its stores, to be closed by the caller
     * @throws java.io.UncheckedIOException if the data directory cannot be used
     * @throws IllegalStateException if the database cannot be reached or migrated
     * @throws AdminException if the database's file is damaged: its message names the file and what to do
     */
    AdminStores open(StoreSettings settings);
}
