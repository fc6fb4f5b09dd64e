package dev.kiln.realworld.article;

import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import java.sql.SQLException;

/** {@code GET /api/tags}: the tags in use. */
@Controller("/api/tags")
@Blocking // JDBC
public final class TagController {
    private final ArticleRepository articles;

    public TagController(ArticleRepository articles) {
        this.articles = articles;
    }

    @Get("")
    public TagList tags() throws SQLException {
        return new TagList(articles.tags());
    }
}
