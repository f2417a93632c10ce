package io.smarthost.panel.host.web;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.Messages;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.PanelPluginManager;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a {@link View}: the contributor's template (through its own class loader, {@code .ftlh}
 * auto-escaped), then the host layout around it with the navigation of the current user.
 */
public final class PageRenderer {

    private final Panel panel;
    private final Navigation navigation;
    /** One per class loader and folder: a class-path plugin shares the host's loader, not its templates. */
    private final Map<TemplateSource, Configuration> configurations = new ConcurrentHashMap<>();

    private record TemplateSource(ClassLoader loader, String folder) {
    }

    public PageRenderer(Panel panel, Navigation navigation) {
        this.panel = panel;
        this.navigation = navigation;
    }

    /** Everything about the request a page needs. */
    public record PageContext(String pluginId, PanelUser user, String lang, String csrfToken,
                              io.smarthost.panel.api.Domain domain, String path) {
    }

    public String render(View view, PageContext ctx) {
        boolean host = PanelPluginManager.HOST_ID.equals(ctx.pluginId());
        ClassLoader loader = host ? PageRenderer.class.getClassLoader() : loaderOf(ctx.pluginId());
        Messages messages = panel.services(ctx.pluginId()).messages();
        Locale locale = Locale.forLanguageTag(ctx.lang());
        Map<String, Object> model = common(ctx, messages, locale);
        model.putAll(view.model());
        String content = process(configuration(loader, host ? "panel-templates" : "templates"), view.template(), model, locale);
        Map<String, Object> layout = common(ctx, messages, locale);
        layout.put("content", content);
        layout.put("title", messages.get(locale, view.titleKey()));
        layout.put("bare", ctx.user() == null);
        layout.put("nav", ctx.user() == null ? List.of() : navigation.sideMenu(ctx.user(), ctx.path()));
        layout.put("panelVersion", Panel.version());
        layout.put("restricted", panel.settings().restrictedMode());
        // panel_name (panel bin settings): the brand and the browser's tab; the language's default name otherwise
        layout.put("panelName", panel.settings().panelName().orElseGet(() -> panel.hostMessages().get(locale, "panel.name")));
        Map<String, Object> hostModel = common(ctx, panel.hostMessages(), locale);
        hostModel.putAll(layout);
        return process(configuration(PageRenderer.class.getClassLoader(), "panel-templates"), "layout.ftlh", hostModel, locale);
    }

    private ClassLoader loaderOf(String pluginId) {
        org.pf4j.PluginWrapper plugin = panel.plugins().getPlugin(pluginId);
        return plugin == null ? PageRenderer.class.getClassLoader() : plugin.getPluginClassLoader();
    }

    private Map<String, Object> common(PageContext ctx, Messages messages, Locale locale) {
        Map<String, Object> model = new HashMap<>();
        model.put("msg", new MessageMethod(messages, locale));
        model.put("csrfToken", ctx.csrfToken());
        if (ctx.user() != null) {
            model.put("user", ctx.user());
        }
        model.put("lang", ctx.lang());
        if (ctx.domain() != null) {
            model.put("domain", ctx.domain());
        }
        model.put("base", PanelPluginManager.HOST_ID.equals(ctx.pluginId()) ? "" : "/plugins/" + ctx.pluginId());
        model.put("path", ctx.path());
        return model;
    }

    Configuration configuration(ClassLoader loader, String folder) {
        return configurations.computeIfAbsent(new TemplateSource(loader, folder), source -> {
            Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
            cfg.setTemplateLoader(new ClassTemplateLoader(source.loader(), source.folder()));
            cfg.setDefaultEncoding("UTF-8");
            cfg.setOutputEncoding("UTF-8");
            cfg.setURLEscapingCharset("UTF-8");
            cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
            cfg.setRecognizeStandardFileExtensions(true);
            cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
            cfg.setLogTemplateExceptions(false);
            cfg.setWrapUncheckedExceptions(true);
            cfg.setFallbackOnNullLoopVariable(false);
            cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
            return cfg;
        });
    }

    /** Renders in the reader's locale, so {@code ${number}} and dates read as they do in that language ({@code ?c} for machines). */
    private static String process(Configuration cfg, String name, Map<String, Object> model, Locale locale) {
        try {
            Template template = cfg.getTemplate(name);
            StringWriter out = new StringWriter();
            freemarker.core.Environment env = template.createProcessingEnvironment(model, out);
            env.setLocale(locale);
            env.process();
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("template " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code msg("key", args...)} in templates. */
    private record MessageMethod(Messages messages, Locale locale) implements TemplateMethodModelEx {
        @Override
        public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
            if (arguments.isEmpty()) {
                throw new TemplateModelException("msg needs a message key");
            }
            Object[] args = new Object[arguments.size() - 1];
            for (int i = 1; i < arguments.size(); i++) {
                args[i - 1] = DeepUnwrap.unwrap((freemarker.template.TemplateModel) arguments.get(i));
            }
            String key = String.valueOf(DeepUnwrap.unwrap((freemarker.template.TemplateModel) arguments.get(0)));
            return messages.get(locale, key, args);
        }
    }
}
