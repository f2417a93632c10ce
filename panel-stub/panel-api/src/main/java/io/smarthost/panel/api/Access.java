package io.smarthost.panel.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a contributed page or REST method. Put it on the resource class or method (the
 * method's {@link #value() role} wins). A method's annotation with an empty {@link #domainParam()}
 * keeps its class's {@code domainParam}: lowering the role on one method never drops the class's
 * domain check. The <b>host</b> enforces it before the method runs; a method without it (and
 * without one on its class) is admin-only.
 *
 * <ul>
 *   <li>Anonymous callers: pages redirect to {@code /login}, the API answers 401.</li>
 *   <li>A logged-in user whose role is too low, or who does not own the domain named by
 *       {@link #domainParam()}: 404, so the route gives no hint that it exists.</li>
 * </ul>
 *
 * @since 1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {

    /** The least role allowed. */
    Role value() default Role.ADMIN;

    /**
     * Name of a {@code @PathParam} holding a domain name (or alias). When set, the host checks that
     * the domain exists and that the user owns it (admins own everything), and exposes it as
     * {@link RequestContext#domain()}. Empty on a method: the class's {@code domainParam}, if any.
     */
    String domainParam() default "";
}
