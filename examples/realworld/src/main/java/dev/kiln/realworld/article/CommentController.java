package dev.kiln.realworld.article;

import dev.kiln.Context;
import dev.kiln.Response;
import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Delete;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Use;
import dev.kiln.realworld.ApiError;
import dev.kiln.realworld.auth.OptionalAuth;
import dev.kiln.realworld.auth.RequireAuth;
import dev.kiln.realworld.auth.Viewer;
import java.sql.SQLException;

/** The comments of an article: list, add, and delete (by their author only). */
@Controller("/api/articles/:slug/comments")
@Blocking // JDBC
public final class CommentController {
    static final int MAX_BODY = 10_000;

    private final ArticleRepository articles;
    private final CommentRepository comments;

    public CommentController(ArticleRepository articles, CommentRepository comments) {
        this.articles = articles;
        this.comments = comments;
    }

    @Get("")
    @Use(OptionalAuth.class)
    public CommentList list(@PathParam String slug, Context ctx) throws SQLException {
        return new CommentList(comments.list(article(slug).id(), Viewer.idOrNull(ctx)));
    }

    @Post("")
    @Use(RequireAuth.class)
    public CommentEnvelope create(@PathParam String slug, @Body NewCommentRequest request, Context ctx)
            throws SQLException {
        NewComment comment = request.comment();
        if (comment == null) throw ApiError.invalid("comment", "can't be blank");
        new ApiError.Validation()
                .required("body", comment.body())
                .maxLength("body", comment.body(), MAX_BODY)
                .orThrow();
        return new CommentEnvelope(comments.create(article(slug).id(), Viewer.of(ctx).id(), comment.body()));
    }

    @Delete("/:id")
    @Use(RequireAuth.class)
    public Response delete(@PathParam String slug, @PathParam long id, Context ctx) throws SQLException {
        ArticleRepository.Ref article = article(slug);
        CommentRepository.Ref comment = comments.ref(id)
                .filter(c -> c.articleId() == article.id())
                .orElseThrow(() -> ApiError.notFound("comment"));
        if (comment.authorId() != Viewer.of(ctx).id()) throw ApiError.forbidden("comment", "deleted");
        comments.delete(id);
        return Response.noContent();
    }

    private ArticleRepository.Ref article(String slug) throws SQLException {
        return articles.ref(slug).orElseThrow(ArticleController::notFound);
    }
}
