package dev.kiln.realworld.article;

import dev.kiln.Context;
import dev.kiln.Response;
import dev.kiln.annotation.Blocking;
import dev.kiln.annotation.Body;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Default;
import dev.kiln.annotation.Delete;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Post;
import dev.kiln.annotation.Put;
import dev.kiln.annotation.Query;
import dev.kiln.annotation.Status;
import dev.kiln.annotation.Use;
import dev.kiln.realworld.ApiError;
import dev.kiln.realworld.auth.OptionalAuth;
import dev.kiln.realworld.auth.RequireAuth;
import dev.kiln.realworld.auth.Viewer;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Articles: the list and the feed ({@code limit}/{@code offset}), one article by slug, create, update and delete
 * (by their author only), favorite and unfavorite.
 */
@Controller("/api/articles")
@Blocking // JDBC
public final class ArticleController {
    /** The largest page a list returns. */
    static final int MAX_LIMIT = 100;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 1_024;
    static final int MAX_TAG = 64;
    static final int MAX_TAGS = 32;

    private final ArticleRepository articles;

    public ArticleController(ArticleRepository articles) {
        this.articles = articles;
    }

    @Get("")
    @Use(OptionalAuth.class)
    public ArticlePage list(@Query Optional<String> tag, @Query Optional<String> author,
            @Query Optional<String> favorited, @Query @Default("20") int limit, @Query @Default("0") int offset,
            Context ctx) throws SQLException {
        page(limit, offset);
        ArticleRepository.Filter filter =
                new ArticleRepository.Filter(tag.orElse(null), author.orElse(null), favorited.orElse(null));
        return articles.list(filter, Viewer.idOrNull(ctx), limit, offset);
    }

    @Get("/feed")
    @Use(RequireAuth.class)
    public ArticlePage feed(@Query @Default("20") int limit, @Query @Default("0") int offset, Context ctx)
            throws SQLException {
        page(limit, offset);
        return articles.feed(Viewer.of(ctx).id(), limit, offset);
    }

    @Get("/:slug")
    @Use(OptionalAuth.class)
    public ArticleEnvelope get(@PathParam String slug, Context ctx) throws SQLException {
        return new ArticleEnvelope(articles.find(slug, Viewer.idOrNull(ctx)).orElseThrow(ArticleController::notFound));
    }

    @Post("")
    @Status(201)
    @Use(RequireAuth.class)
    public ArticleEnvelope create(@Body NewArticleRequest request, Context ctx) throws SQLException {
        NewArticle a = request.article();
        if (a == null) throw ApiError.invalid("article", "can't be blank");
        Set<String> tags = new LinkedHashSet<>();
        if (a.tagList() != null) {
            for (String tag : a.tagList()) {
                if (tag != null && !tag.isBlank()) tags.add(tag.trim());
            }
        }
        ApiError.Validation v = new ApiError.Validation()
                .required("title", a.title())
                .maxLength("title", a.title(), MAX_TITLE)
                .required("description", a.description())
                .maxLength("description", a.description(), MAX_DESCRIPTION)
                .required("body", a.body())
                .check(tags.size() <= MAX_TAGS, "tagList", "has more than " + MAX_TAGS + " tags");
        for (String tag : tags) v.maxLength("tagList", tag, MAX_TAG);
        v.orThrow();
        return new ArticleEnvelope(articles.create(Viewer.of(ctx).id(), a.title().trim(), a.description(), a.body(), tags));
    }

    @Put("/:slug")
    @Use(RequireAuth.class)
    public ArticleEnvelope update(@PathParam String slug, @Body ArticleUpdateRequest request, Context ctx)
            throws SQLException {
        ArticleUpdate a = request.article();
        if (a == null) throw ApiError.invalid("article", "can't be blank");
        new ApiError.Validation()
                .check(a.title() == null || !a.title().isBlank(), "title", "can't be blank")
                .maxLength("title", a.title(), MAX_TITLE)
                .check(a.description() == null || !a.description().isBlank(), "description", "can't be blank")
                .maxLength("description", a.description(), MAX_DESCRIPTION)
                .check(a.body() == null || !a.body().isBlank(), "body", "can't be blank")
                .orThrow();
        long viewer = Viewer.of(ctx).id();
        ArticleRepository.Ref ref = own(slug, viewer, "updated");
        String title = a.title() == null ? null : a.title().trim();
        return new ArticleEnvelope(articles.update(ref.id(), viewer, title, a.description(), a.body()));
    }

    @Delete("/:slug")
    @Use(RequireAuth.class)
    public Response delete(@PathParam String slug, Context ctx) throws SQLException {
        articles.delete(own(slug, Viewer.of(ctx).id(), "deleted").id());
        return Response.noContent();
    }

    @Post("/:slug/favorite")
    @Use(RequireAuth.class)
    public ArticleEnvelope favorite(@PathParam String slug, Context ctx) throws SQLException {
        long viewer = Viewer.of(ctx).id();
        articles.favorite(viewer, ref(slug).id());
        return get(slug, viewer);
    }

    @Delete("/:slug/favorite")
    @Use(RequireAuth.class)
    public ArticleEnvelope unfavorite(@PathParam String slug, Context ctx) throws SQLException {
        long viewer = Viewer.of(ctx).id();
        articles.unfavorite(viewer, ref(slug).id());
        return get(slug, viewer);
    }

    private ArticleEnvelope get(String slug, long viewer) throws SQLException {
        return new ArticleEnvelope(articles.find(slug, viewer).orElseThrow(ArticleController::notFound));
    }

    private ArticleRepository.Ref ref(String slug) throws SQLException {
        return articles.ref(slug).orElseThrow(ArticleController::notFound);
    }

    /** The article {@code slug} when {@code viewer} wrote it: 404 when there is none, 403 when another user did. */
    private ArticleRepository.Ref own(String slug, long viewer, String action) throws SQLException {
        ArticleRepository.Ref ref = ref(slug);
        if (ref.authorId() != viewer) throw ApiError.forbidden("article", action);
        return ref;
    }

    private static void page(int limit, int offset) {
        new ApiError.Validation()
                .check(limit >= 0 && limit <= MAX_LIMIT, "limit", "must be from 0 to " + MAX_LIMIT)
                .check(offset >= 0, "offset", "must not be negative")
                .orThrow();
    }

    static ApiError notFound() {
        return ApiError.notFound("article");
    }
}
