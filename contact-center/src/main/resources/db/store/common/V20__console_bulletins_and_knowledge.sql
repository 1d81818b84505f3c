-- Agent console: the bulletin board (supervisors post, agents read) and the knowledge base of
-- standard answers. Portable SQL (H2 2.x and PostgreSQL 12+), like V1.

CREATE TABLE bulletin (
    id        VARCHAR(40)   NOT NULL PRIMARY KEY,
    author    VARCHAR(100)  NOT NULL,
    body      VARCHAR(2000) NOT NULL,
    posted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX bulletin_posted_idx ON bulletin (posted_at, id);

CREATE TABLE knowledge_article (
    id          VARCHAR(40)    NOT NULL PRIMARY KEY,
    title       VARCHAR(200)   NOT NULL,
    body        VARCHAR(20000) NOT NULL,
    tags        VARCHAR(1100)  NOT NULL,          -- comma-separated, lower case, for search
    search_text VARCHAR(21400) NOT NULL,          -- lower-cased title, body and tags
    author      VARCHAR(100)   NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX knowledge_article_updated_idx ON knowledge_article (updated_at, id);
