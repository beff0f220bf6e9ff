/**
 * The security primitives of the identity bundle, kept free of OSGi, JAX-RS and JPA so that each
 * can be unit-tested alone and reviewed in one place: password hashing ({@link
 * io.neuromail.identity.internal.security.PasswordHasher}) and policy ({@link
 * io.neuromail.identity.internal.security.PasswordPolicy}), random tokens and constant-time
 * comparison ({@link io.neuromail.identity.internal.security.Secrets}), API keys ({@link
 * io.neuromail.identity.internal.security.ApiKeys}) and per-key rate limits ({@link
 * io.neuromail.identity.internal.security.RateLimiter}), and two-factor authentication: TOTP codes
 * ({@link io.neuromail.identity.internal.security.Totp}, java-otp's), recovery codes ({@link
 * io.neuromail.identity.internal.security.RecoveryCodes}), the QR code of an enrolment ({@link
 * io.neuromail.identity.internal.security.QrSvg}, ZXing's) and the sealing of secrets with the
 * operator's key ({@link io.neuromail.identity.internal.security.SecretBox}).
 *
 * <p>The cryptography is the JDK's and BouncyCastle's; nothing here implements an algorithm. The
 * third-party material this package ships (a password list, Bucket4j's classes) is listed with its
 * licences in {@code README.md} beside the resources.
 */
package io.neuromail.identity.internal.security;
