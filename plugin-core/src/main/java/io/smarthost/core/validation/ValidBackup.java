package io.smarthost.core.validation;

import io.smarthost.core.relay.RelayAddress;
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
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * The backup relay of a {@link RelayInput} ({@code backupHost}, {@code backupPort}, {@code backupLogin},
 * {@code backupUsername}, {@code backupPassword}): each field like the relay's, a host other than the first
 * relay's, a login of its own only where the backend can give it one, and a stored secret reused only for
 * the relays it was saved for (the first relay's secret is sent to the backup when it shares the login).
 *
 * @since 1.3
 */
@Documented
@Constraint(validatedBy = ValidBackup.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidBackup {
    String message() default "{smarthost.relay.inconsistent}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports each problem on the backup field to change. */
    class Validator implements ConstraintValidator<ValidBackup, RelayInput> {
        @Override
        public boolean isValid(RelayInput in, ConstraintValidatorContext context) {
            BackupInput b = in == null ? null : in.backup();
            if (b == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            HibernateConstraintValidatorContext hv = context.unwrap(HibernateConstraintValidatorContext.class);
            RelayValidationContext ctx = hv.getConstraintValidatorPayload(RelayValidationContext.class);
            boolean ok = true;
            if (InputRules.hostProblem(b.host()).isPresent()) {
                Violations.onField(context, "backupHost", "smarthost.backup.host.invalid");
                ok = false;
            }
            if (InputRules.portProblem(b.port()).isPresent()) {
                Violations.onField(context, "backupPort", "smarthost.backup.port.invalid");
                ok = false;
            }
            String login = b.login() == null ? "" : b.login().strip();
            if (InputRules.hasControl(b.login()) || !(login.isEmpty() || login.equals("same") || login.equals("own"))) {
                Violations.onField(context, "backupLogin", "smarthost.backup.login.invalid");
                ok = false;
            }
            if (!b.present()) {
                if (!InputRules.blank(b.port()) || b.ownLogin()) {
                    Violations.onField(context, "backupHost", "smarthost.backup.host.required");
                    ok = false;
                }
                return ok;
            }
            if (!ok) {
                return false;
            }
            return checkRelay(in, b, ctx, context, hv);
        }

        private static boolean checkRelay(RelayInput in, BackupInput b, RelayValidationContext ctx,
                                          ConstraintValidatorContext context, HibernateConstraintValidatorContext hv) {
            boolean ok = true;
            if (ctx != null && ctx.backendName().isPresent()) {
                hv.addMessageParameter("backend", ctx.backendName().get());
                boolean server = ctx.scope().isServer();
                if (!ctx.capabilities().backup().at(server)) {
                    Violations.onField(context, "backupHost", server ? "smarthost.backend.backupServer"
                            : "smarthost.backend.backupDomain");
                    return false;
                }
                if (b.ownLogin() && !ctx.capabilities().backup().ownLoginAt(server)) {
                    Violations.onField(context, "backupLogin", server ? "smarthost.backend.backupOwnLoginServer"
                            : "smarthost.backend.backupOwnLoginDomain");
                    ok = false;
                }
            }
            Optional<ResolvedInput> primary = resolvable(in);
            Optional<RelayAddress> backupAddress = primary.flatMap(p -> ResolvedBackup.of(b, p.address()
                    .map(RelayAddress::port).orElse(587))).map(ResolvedBackup::address);
            if (primary.isPresent() && backupAddress.isPresent() && primary.get().address().isPresent()
                    && primary.get().address().get().host().equals(backupAddress.get().host())
                    && primary.get().address().get().port() == backupAddress.get().port()) {
                Violations.onField(context, "backupHost", "smarthost.backup.host.same");
                ok = false;
            }
            if (b.ownLogin()) {
                ok &= checkOwnLogin(b, backupAddress, ctx, context);
            } else if (in.authentication() && !in.hasPassword() && ctx != null && ctx.secretStored()
                    && backupAddress.isPresent() && !sameStoredBackup(ctx, backupAddress.get(), false, "")) {
                // the first relay's stored secret would go to a backup host it was not saved for
                Violations.onField(context, "password", "smarthost.backup.password.reenter");
                ok = false;
            }
            return ok;
        }

        private static boolean checkOwnLogin(BackupInput b, Optional<RelayAddress> address, RelayValidationContext ctx,
                                             ConstraintValidatorContext context) {
            boolean ok = true;
            if (InputRules.usernameProblem(b.username()).isPresent() || InputRules.blank(b.username())) {
                Violations.onField(context, "backupUsername", "smarthost.backup.username.required");
                ok = false;
            }
            if (b.hasPassword()) {
                if (InputRules.secretProblem(b.password()).isPresent()) {
                    Violations.onField(context, "backupPassword", "smarthost.backup.password.invalid");
                    ok = false;
                }
                return ok;
            }
            boolean stored = ctx != null && ctx.storedBackup().filter(StoredBackup::secretSet).isPresent();
            if (!stored) {
                Violations.onField(context, "backupPassword", "smarthost.backup.password.required");
                return false;
            }
            if (ok && address.isPresent() && !sameStoredBackup(ctx, address.get(), true, b.username().strip())) {
                Violations.onField(context, "backupPassword", "smarthost.backup.password.reenter");
                ok = false;
            }
            return ok;
        }

        /** Whether the stored backup is this same relay (and own login name, when {@code own}). */
        private static boolean sameStoredBackup(RelayValidationContext ctx, RelayAddress address, boolean own,
                                                String username) {
            return ctx.storedBackup().filter(s -> s.address().equals(address)
                    && (own ? s.ownLogin() && s.username().equals(username) : !s.ownLogin())).isPresent();
        }

        /** The first relay resolved, when its own fields are valid (else they are reported on their fields). */
        private static Optional<ResolvedInput> resolvable(RelayInput in) {
            if (InputRules.hostProblem(in.host()).isPresent() || InputRules.portProblem(in.port()).isPresent()
                    || InputRules.encryptionProblem(in.encryption()).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(ResolvedInput.of(in.withBackup(null)));
        }
    }
}
