package html;

import io.jstach.jstache.JStache;

@JStache(template = "<p title=\"{{name}}\">Hello, {{name}}!</p>")
public record Greeting(String name) {}
