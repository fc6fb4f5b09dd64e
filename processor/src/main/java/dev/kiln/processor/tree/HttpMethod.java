package dev.kiln.processor.tree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The HTTP methods a route can declare, in the order the route table and the runtime's {@code Methods} bits
 * list them, and which method's route answers for another: the one source of both for the tree's lookup and
 * the generated router ({@code RuntimeContractTest} checks them against the runtime).
 */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS;

    /** The method named {@code name} exactly (RFC 9110 §9.1: case-sensitive), or null for any other. */
    public static HttpMethod of(String name) {
        for (HttpMethod m : values()) {
            if (m.name().equals(name)) return m;
        }
        return null;
    }

    /**
     * The method whose route answers this one where a path has no route of its own for it: {@code GET} for
     * {@code HEAD}, which is GET without the body (RFC 9110 §9.3.2); null for every other method.
     */
    public HttpMethod fallback() {
        return this == HEAD ? GET : null;
    }

    /**
     * The methods a route declared for this method answers at a path whose routes declare {@code declared}: this
     * one, then each whose {@link #fallback} it is and that has no route of its own there.
     */
    public List<HttpMethod> answers(Collection<String> declared) {
        List<HttpMethod> answered = new ArrayList<>();
        answered.add(this);
        for (HttpMethod m : values()) {
            if (m.fallback() == this && !declared.contains(m.name())) answered.add(m);
        }
        return answered;
    }
}
