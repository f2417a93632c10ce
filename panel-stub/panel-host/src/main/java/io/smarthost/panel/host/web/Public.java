package io.smarthost.panel.host.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a host route anyone may call (login form, style sheet). Only the host's own resources may use
 * it: on a plugin's class it is ignored, and the route stays admin-only unless it says otherwise with
 * {@code @Access}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Public {
}
