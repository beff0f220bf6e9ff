/**
 * The security primitives of the identity bundle, kept free of OSGi, JAX-RS and JPA so that each
 * can be unit-tested alone and reviewed in one place: password hashing ({@link
 * io.neuromail.identity.internal.security.PasswordHasher}) and policy ({@link
 * io.neuromail.identity.internal.security.PasswordPolicy}), random tokens and constant-time
 * comparison ({@link io.neuromail.identity.internal.security.Secrets}), API keys ({@link
 * io.neuromail.identity.internal.security.ApiKeys}) and per-key rate limits ({@link
 * io.neuromail.identity.internal.security.RateLimiter}).
 *
 * <p>The cryptography is the JDK's and BouncyCastle's; nothing here implements an algorithm. The
 * third-party material this package ships (a password list, Bucket4j's classes) is listed with its
 * licences in {@code README.md} beside the resources.
 */
package io.neuromail.identity.internal.security;
