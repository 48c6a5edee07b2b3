{#- How citations name documents (int_document_names, int_citations). -#}

{#- The name words of a title or a citation, as a list: lower-case tokens that hold a letter
    (so "h2" and "iot" count, a year or "1,800" does not), a plural "s" dropped, without the
    function words and the generic words every report title has ("results", "report"). -#}
{% macro name_words(text) -%}
    list_sort(list_distinct(list_transform(
        list_filter(
            regexp_extract_all(lower(coalesce({{ text }}, '')), '[a-z0-9]*[a-z][a-z0-9]*'),
            lambda w: length(w) >= 2
                and w not in ('the', 'an', 'of', 'in', 'on', 'for', 'and', 'to', 'by', 'at', 'with',
                              'from', 'its', 'our', 'your', 'their', 'this', 'that', 'these', 'new',
                              'results', 'result', 'report', 'reports', 'findings', 'summary',
                              'overview', 'key', 'full', 'final', 'edition', 'insights', 'www',
                              'http', 'https', 'html', 'htm', 'pdf', 'com', 'org', 'net', 'io')
        ),
        lambda w: case when length(w) > 3 and w like '%s' and w not like '%ss'
            then left(w, length(w) - 1) else w end
    )))
{%- endmacro %}

{#- The years (1900-2099) a text states, as a list of integers. -#}
{% macro stated_years(text) -%}
    list_sort(list_distinct(list_transform(
        regexp_extract_all(coalesce({{ text }}, ''), '(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)', 1),
        lambda y: cast(y as integer)
    )))
{%- endmacro %}

{#- A URL as a comparable key: lower case, without scheme, "www.", query, fragment and trailing
    "/" or "/index.html". A relative link keeps its leading "/". -#}
{% macro url_key(url) -%}
    nullif(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        lower(trim(coalesce({{ url }}, ''))),
        '^[a-z][a-z0-9+.-]*://', ''),
        '[?#].*$', ''),
        '^www\.', ''),
        '/(index\.html?)?$', ''), '')
{%- endmacro %}

{#- The whole names a publisher field gives, as a list: "McKinsey & Company, Mozilla Foundation"
    gives "mckinsey" and "mozilla foundation"; "Abt Associates for the Pew Research Center" gives
    "abt associates" and "pew research center"; "Eclipse Foundation (Eclipse IoT Working Group)"
    gives both names. A leading "the" and a trailing company form ("& Company", "Inc.") are
    dropped. A name must hold a word of 3+ letters that is not itself generic. -#}
{% macro publisher_names(publisher) -%}
    list_sort(list_distinct(list_filter(
        list_transform(
            string_split_regex(
                lower(coalesce({{ publisher }}, '')),
                '\s*(?:[(),;]|\s(?:for|and)\s)\s*'
            ),
            lambda name: trim(regexp_replace(regexp_replace(trim(name),
                '^the\s+', ''),
                '[\s,]*(?:&\s*(?:company|co\.?)|inc\.?|llc|ltd\.?|corp\.?|corporation|gmbh|plc)$', ''))
        ),
        lambda name: length(name) >= 3
            and len(list_filter(
                regexp_extract_all(name, '[a-z][a-z0-9.]{2,}'),
                lambda w: w not in ('the', 'company', 'foundation', 'institute', 'group', 'team',
                                    'research', 'center', 'centre', 'university', 'blog',
                                    'association', 'society', 'community', 'export', 'server',
                                    'survey', 'working', 'council', 'lab', 'labs')
            )) > 0
    )))
{%- endmacro %}

{#- Does `text` contain `name` as a whole phrase (not inside a longer word)? -#}
{% macro names_phrase(text, name) -%}
    regexp_matches(
        lower(coalesce({{ text }}, '')),
        '(?:^|[^a-z0-9])' || {{ regex_escape(name) }} || '(?:[^a-z0-9]|$)'
    )
{%- endmacro %}

{#- Words that make a text name a study: a link, title or sentence about a survey or report. -#}
{% macro names_a_study(text) -%}
    regexp_matches(
        lower(coalesce({{ text }}, '')),
        '\b(?:survey|surveys|report|study|studies|poll|census|questionnaire|research|results)\b|调查|问卷|报告|调研'
    )
{%- endmacro %}

{#- Does a text say it is about survey respondents (a finding of a survey)? -#}
{% macro refers_to_a_survey(text) -%}
    regexp_matches(
        lower(coalesce({{ text }}, '')),
        '\b(?:survey|surveys|surveyed|respondents?|participants?|responses|polled|interviewees)\b|调查|受访者|问卷|调研'
    )
{%- endmacro %}

{#- Does a citation speak of the document itself: first person ("our analysis", "we found") or
    "this report" / "this survey"? -#}
{% macro is_first_person(text) -%}
    regexp_matches(
        lower(coalesce({{ text }}, '')),
        '\b(?:our|ours|we|us)\b|\bthis\s+(?:year''s\s+)?(?:report|survey|study|analysis|research|paper|poll)\b|本报告|本调查|我们'
    )
{%- endmacro %}

{#- Does a text name a particular survey: a name or year before "Survey" / "Poll" / "Census"
    ("the 2021 Jakarta EE Developer Survey", "Go Developer Survey 2023"), or a year before 调查 /
    问卷? "What the open source AI surveys say" names none. -#}
{% macro names_a_survey(text) -%}
    regexp_matches(
        coalesce({{ text }}, ''),
        '(?:^|\s)(?:[A-Z0-9][\w.&’''-]*\s+){1,6}(?:Survey|Poll|Census|Questionnaire)|(?:19|20)[0-9]{2}[^。，]{0,12}(?:调查|问卷)'
    )
{%- endmacro %}
