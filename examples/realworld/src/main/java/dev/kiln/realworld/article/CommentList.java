package dev.kiln.realworld.article;

import io.avaje.jsonb.Json;
import java.util.List;

/** {@code {"comments":[...]}}: an article's comments, newest first. */
@Json
public record CommentList(List<Comment> comments) {}
