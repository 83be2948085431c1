package dev.xiqauth.server.ratelimit;

/**
 * Where every instance of a deployment takes its share of each token's quota, so that the requests
 * all instances together accept for one token in one window never exceed its quota. An instance takes
 * a lease of a few requests at a time ({@link TokenRateLimiter}) and counts them out in memory, so the
 * ledger sees one claim per lease, not one per request.
 */
public interface QuotaLedger {
    /**
     * What a claim took.
     *
     * @param granted requests granted to the claimer: {@code wanted} at most, and none once the limit is reached
     * @param claimed requests claimed in the window by every instance, this claim included
     */
    record Claim(long granted, long claimed) {
    }

    /**
     * Takes up to {@code wanted} more of a token's allowance in one window, atomically with every other
     * claim on it, never beyond {@code limit} in all.
     *
     * @param jti the token
     * @param windowStartMillis when the window began, epoch milliseconds
     * @param windowMillis its length
     * @param wanted requests wanted, at least 1
     * @param limit the most the window allows
     * @return what was granted
     */
    Claim claim(String jti, long windowStartMillis, long windowMillis, long wanted, long limit);

    /**
     * Forgets windows that ended.
     *
     * @param nowMillis the time now, epoch milliseconds
     * @return how many windows were forgotten
     */
    int purgeEnded(long nowMillis);
}
