package dev.xiqauth.server.conformance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Java's HTTP client, with every response checked against the contract (see {@link ContractValidation}). */
public final class ValidatingHttpClient {
    private final HttpClient http;
    private final ContractValidation validation;

    public ValidatingHttpClient(HttpClient http) {
        this(http, ContractValidation.shared());
    }

    public ValidatingHttpClient(HttpClient http, ContractValidation validation) {
        this.http = http;
        this.validation = validation;
    }

    /** @return an HTTP/1.1 client, as XIQ's SDKs speak, that gives up connecting after 5 s */
    public static ValidatingHttpClient http11() {
        return new ValidatingHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * @see HttpClient#send(HttpRequest, HttpResponse.BodyHandler)
     * @throws AssertionError if the response violates the contract
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return validation.check(http.send(request, handler));
    }
}
