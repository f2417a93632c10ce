package io.smarthost.ui;

import org.pf4j.Plugin;

/**
 * The smarthost plugin's PF4J entry point ({@code plugin.class} in {@code plugin.properties}). It holds
 * no state: everything the plugin contributes is an {@code @Extension} found through the
 * {@code META-INF/extensions.idx} files of {@code classes/} and of the jars in {@code lib/}.
 */
public class SmarthostPlugin extends Plugin {
}
