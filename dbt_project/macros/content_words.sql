{#- The content words of a text, one row each, lightly stemmed so that inflections meet. Latin
    script: lower case, 4+ letters, no digits, no function words; a plural "s" is dropped, then an
    ending "ing", "ed" or "e" that leaves 4 letters, and the word is cut to its first 6 letters
    ("costs" = "cost", "building" = "build", "valued" = "value", "satisfied" = "satisfaction",
    "implementing" = "implementation"). Chinese, Japanese and Korean text has no spaces: each run
    of those characters gives its character pairs ("受访者" = "受访", "访者"). Use in a select
    list: it unnests. -#}
{% macro content_words(text) -%}
    unnest(list_distinct(list_concat(
        list_transform(
            list_filter(
                string_split_regex(lower(coalesce({{ text }}, '')), '[^a-z]+'),
                lambda w: length(w) >= 4
                    and w not in ('that', 'this', 'with', 'from', 'their', 'they', 'have', 'were',
                                  'which', 'than', 'more', 'most', 'such', 'also', 'into', 'over',
                                  'about', 'these', 'those', 'percent', 'according', 'survey',
                                  'report', 'said', 'while', 'only', 'them', 'what', 'when', 'will',
                                  'been', 'just', 'each', 'some', 'very', 'does', 'nearly',
                                  'almost', 'roughly', 'least', 'under', 'below', 'above', 'times')
            ),
            lambda w: left(regexp_replace(regexp_replace(w, '([^s])s$', '\1'),
                '^(.{4,}?)(?:ing|ed|e)$', '\1'), 6)
        ),
        {{ cjk_pairs(text) }}
    )))
{%- endmacro %}

{#- The character pairs of the runs of CJK characters in a text, as a list. -#}
{% macro cjk_pairs(text) -%}
    flatten(list_transform(
        regexp_extract_all(coalesce({{ text }}, ''), '[\x{3040}-\x{30ff}\x{3400}-\x{9fff}\x{ac00}-\x{d7af}]+'),
        lambda run: list_transform(
            range(1, greatest(length(run), 2)), lambda i: substr(run, i, 2)
        )
    ))
{%- endmacro %}

{#- Does a text hold CJK characters (Chinese, Japanese, Korean)? -#}
{% macro has_cjk(text) -%}
    regexp_matches(coalesce({{ text }}, ''), '[\x{3040}-\x{30ff}\x{3400}-\x{9fff}\x{ac00}-\x{d7af}]')
{%- endmacro %}

{#- The words around a number in its sentence: up to `n` whitespace-separated tokens either side
    of value_text (punctuation glued to the number, as in "(81 percent)", is allowed); in CJK
    text, which has no spaces, the `chars` characters either side. A sentence can state several
    numbers about different things; these words tell them apart. Falls back to the whole text
    when value_text is not found in it. -#}
{% macro words_around(text, value_text, n=6, chars=12) -%}
    case
        when {{ has_cjk(text) }} and strpos({{ text }}, {{ value_text }}) > 0 then substr(
            {{ text }},
            greatest(1, strpos({{ text }}, {{ value_text }}) - {{ chars }}),
            length({{ value_text }}) + least(strpos({{ text }}, {{ value_text }}) - 1, {{ chars }})
                + {{ chars }}
        )
        else coalesce(nullif(regexp_extract(
            {{ text }},
            '(?:\S+\s+){0,{{ n }}}\S*?'
                || {{ regex_escape(value_text) }}
                || '\S*(?:\s+\S+){0,{{ n }}}'
        ), ''), {{ text }})
    end
{%- endmacro %}

{#- A string escaped for use inside a regular expression. -#}
{% macro regex_escape(text) -%}
    regexp_replace({{ text }}, '([.*+?^$(){}|\[\]\\])', '\\\1', 'g')
{%- endmacro %}

{#- The value bucket of a number, for blocking comparisons: ranges of 25% on a log scale, all
    values up to 1 (and below) in bucket 0. -#}
{% macro value_bucket(x) -%}
    cast(case when {{ x }} <= 1 then 0 else ceil(ln({{ x }}) / ln(1.25)) end as bigint)
{%- endmacro %}
