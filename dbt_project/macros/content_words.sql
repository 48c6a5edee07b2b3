{#- The distinctive words of a text (lower case, 4+ letters, no digits), for overlap scores. -#}
{% macro content_words(text) -%}
    list_distinct(list_filter(
        string_split_regex(lower(coalesce({{ text }}, '')), '[^a-z]+'),
        lambda w: length(w) >= 4
            and w not in ('that', 'this', 'with', 'from', 'their', 'they', 'have', 'were', 'which',
                          'than', 'more', 'most', 'such', 'also', 'into', 'over', 'about', 'these',
                          'those', 'percent', 'according', 'survey', 'report', 'said')
    ))
{%- endmacro %}

{#- Share of the smaller word list found in the other (0 when either is empty). -#}
{% macro word_overlap(words_a, words_b) -%}
    case
        when len({{ words_a }}) = 0 or len({{ words_b }}) = 0 then 0.0
        else len(list_intersect({{ words_a }}, {{ words_b }}))::double
            / least(len({{ words_a }}), len({{ words_b }}))
    end
{%- endmacro %}
