package io.smarthost.core.validation;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.ParsedHost;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import java.util.OptionalInt;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * Rules across fields of a {@link RelayInput}: a host when enabled, a login when authentication is
 * on, one port, and what the active backend can honour (from the {@link RelayValidationContext}
 * payload; without a payload only the input's own consistency is checked).
 */
@Documented
@Constraint(validatedBy = ConsistentRelay.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsistentRelay {
    String message() default "{smarthost.relay.inconsistent}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports every cross-field problem on the field the admin should change. */
    class Validator implements ConstraintValidator<ConsistentRelay, RelayInput> {
        @Override
        public boolean isValid(RelayInput in, ConstraintValidatorContext context) {
            if (in == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            HibernateConstraintValidatorContext hv = context.unwrap(HibernateConstraintValidatorContext.class);
            RelayValidationContext ctx = hv.getConstraintValidatorPayload(RelayValidationContext.class);
            boolean ok = checkFields(in, context, hv, ctx);
            if (ctx != null && in.enabled()) {
                ok &= checkBackend(in, ctx, context, hv);
            }
            return ok;
        }

        private boolean checkFields(RelayInput in, ConstraintValidatorContext context,
                                    HibernateConstraintValidatorContext hv, RelayValidationContext ctx) {
            boolean ok = true;
            if (in.enabled() && InputRules.blank(in.host())
                    && InputRules.hostProblem(in.host()).isEmpty()) {
                Violations.onField(context, "host", "smarthost.host.required");
                ok = false;
            }
            Optional<ParsedHost> host = InputRules.parsedHost(in.host());
            OptionalInt field = InputRules.port(in.port());
            if (host.isPresent() && host.get().port().isPresent() && field.isPresent()
                    && host.get().port().getAsInt() != field.getAsInt()) {
                hv.addMessageParameter("hostPort", host.get().port().getAsInt());
                hv.addMessageParameter("portField", field.getAsInt());
                Violations.onField(context, "port", "smarthost.port.conflict");
                ok = false;
            }
            if (in.authentication()) {
                if (InputRules.blank(in.username()) && InputRules.usernameProblem(in.username()).isEmpty()) {
                    Violations.onField(context, "username", "smarthost.username.required");
                    ok = false;
                }
                boolean stored = ctx != null && ctx.secretStored();
                if (!in.hasPassword() && !stored) {
                    Violations.onField(context, "password", "smarthost.password.required");
                    ok = false;
                } else if (!in.hasPassword() && !storedSecretFits(in, ctx)) {
                    Violations.onField(context, "password", "smarthost.password.reenter");
                    ok = false;
                }
            }
            return ok;
        }

        /**
         * Whether the stored secret may stand in for a blank password: only for the relay and login
         * it was saved for. Input whose relay fields are themselves invalid is reported on those
         * fields and not compared here.
         */
        private static boolean storedSecretFits(RelayInput in, RelayValidationContext ctx) {
            if (ctx.storedLogin().isEmpty()) {
                return true;
            }
            if (InputRules.hostProblem(in.host()).isPresent() || InputRules.portProblem(in.port()).isPresent()
                    || InputRules.encryptionProblem(in.encryption()).isPresent()
                    || InputRules.usernameProblem(in.username()).isPresent()
                    || InputRules.blank(in.host()) || InputRules.blank(in.username())) {
                return true;
            }
            return ctx.storedLogin().get().sameRelayAndLogin(ResolvedInput.of(in.withBackup(null)));
        }

        private boolean checkBackend(RelayInput in, RelayValidationContext ctx, ConstraintValidatorContext context,
                                     HibernateConstraintValidatorContext hv) {
            if (ctx.backendName().isEmpty()) {
                hv.addMessageParameter("setting", ctx.backendSetting());
                Violations.onField(context, "enabled", "smarthost.backend.none");
                return false;
            }
            hv.addMessageParameter("backend", ctx.backendName().get());
            Capabilities caps = ctx.capabilities();
            boolean ok = true;
            if (ctx.scope().isServer() && !caps.serverRelay()) {
                Violations.onField(context, "enabled", "smarthost.backend.serverRelay");
                ok = false;
            }
            if (!ctx.scope().isServer() && !caps.domainRelay()) {
                Violations.onField(context, "enabled", "smarthost.backend.domainRelay");
                ok = false;
            }
            if (!ctx.scope().isServer() && in.authentication() && !caps.domainCredentials()) {
                Violations.onField(context, "authentication", "smarthost.backend.domainCredentials");
                ok = false;
            }
            Optional<ParsedHost> host = InputRules.parsedHost(in.host());
            if (InputRules.encryptionProblem(in.encryption()).isEmpty() && InputRules.portProblem(in.port()).isEmpty()) {
                Optional<Encryption> chosen = InputRules.blank(in.encryption()) ? Optional.empty()
                        : Encryption.fromId(in.encryption());
                Encryption effective = chosen.orElse(Encryption.defaultFor(ResolvedInput.port(in, host, chosen)));
                if (!caps.encryptions().contains(effective)) {
                    hv.addMessageParameter("encryption", effective.id());
                    Violations.onField(context, "encryption", "smarthost.backend.encryption");
                    ok = false;
                }
            }
            if (Boolean.FALSE.equals(in.verifyCertificate()) && !caps.certificateVerification()) {
                Violations.onField(context, "verifyCertificate", "smarthost.backend.certificateVerification");
                ok = false;
            }
            if (host.isPresent() && host.get().kind() == HostKind.DNS_NAME && host.get().bracketed()
                    && !caps.mxLookupChoice()) {
                Violations.onField(context, "host", "smarthost.backend.mxLookup");
                ok = false;
            }
            return ok;
        }
    }
}
