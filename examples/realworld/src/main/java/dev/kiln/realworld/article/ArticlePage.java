package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;
import java.util.List;

/**
 * {@code {"articles":[...],"articlesCount":N}}: one page of a list.
 *
 * @param articlesCount how many articles the whole list has, not only this page
 */
@Json
public record ArticlePage(List<ArticleSummary> articles, int articlesCount) {}
