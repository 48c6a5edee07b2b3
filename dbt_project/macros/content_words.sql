{#- The content words of a text, one row each (lower case, 4+ letters, no digits, no function
    words), lightly stemmed so that inflections meet: a plural "s" is dropped and the word is cut
    to its first 6 letters ("costs" = "cost", "satisfied" = "satisfaction", "implementing" =
    "implementation"). Use in a select list: it unnests. -#}
{% macro content_words(text) -%}
    unnest(list_distinct(list_transform(
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
        lambda w: left(regexp_replace(w, '([^s])s$', '\1'), 6)
    )))
{%- endmacro %}

{#- The words around a number in its sentence: up to `n` whitespace-separated tokens either side
    of value_text (punctuation glued to the number, as in "(81 percent)", is allowed). A sentence
    can state several numbers about different things; these words tell them apart. Falls back to
    the whole text when value_text is not found in it. -#}
{% macro words_around(text, value_text, n=6) -%}
    coalesce(nullif(regexp_extract(
        {{ text }},
        '(?:\S+\s+){0,{{ n }}}\S*?'
            || regexp_replace({{ value_text }}, '([.*+?^$(){}|\[\]\\])', '\\\1', 'g')
            || '\S*(?:\s+\S+){0,{{ n }}}'
    ), ''), {{ text }})
{%- endmacro %}
