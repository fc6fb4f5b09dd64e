package dev.kiln.sample.fortune;

import io.jstach.jstache.JStache;
import java.util.List;

/**
 * The fortunes page: its template, {@code src/main/resources/fortunes.mustache}, is compiled by JStachio's
 * annotation processor into {@code FortunesPageRenderer} during the build, and Kiln's generated router calls that
 * renderer for a handler that returns this model. Every {@code {{value}}} is escaped for HTML.
 */
@JStache(path = "fortunes.mustache")
public record FortunesPage(List<Fortune> fortunes) {}
