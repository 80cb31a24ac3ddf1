"""What an SVG asset may hold: the elements and attributes cjmsite understands as inert.

Anything else is refused (an allowlist, not a blocklist): a name not listed here is
"not understood", even if it is harmless, so a new way to run script cannot slip by.
Names are namespace-resolved: `{SVG}script` is refused however its prefix is spelt.
"""

from __future__ import annotations

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# Editors' own namespaces: elements and attributes in them are never rendered or run by
# a browser (Inkscape, Sodipodi, Illustrator, Sketch, Affinity, RDF/Dublin Core/CC licence
# metadata). Their attributes may hold any text (e.g. a licence's http:// address).
METADATA_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
        "adobe:ns:meta/",
    }
)
METADATA_PREFIXES = ("http://ns.adobe.com/",)  # Illustrator: i:, x:, a:, graph:, xmp: …


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


def is_metadata(namespace: str) -> bool:
    return namespace in METADATA_NAMESPACES or namespace.startswith(METADATA_PREFIXES)


# No script, foreignObject, handler, listener, iframe, font-face-uri … : not listed.
SVG_ELEMENTS = _names(
    """
    svg g defs desc title metadata symbol use image switch style view a
    path rect circle ellipse line polyline polygon
    text tspan textPath tref
    linearGradient radialGradient stop pattern clipPath mask marker solidcolor solidColor
    meshgradient meshGradient meshrow meshRow meshpatch meshPatch hatch hatchpath hatchPath
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    animate animateTransform animateMotion animateColor mpath set
    font glyph missing-glyph hkern vkern font-face font-face-src font-face-name
    """
)

# Attributes without a namespace, on SVG elements. `href`-like and CSS-like values are
# checked further (see svgcheck); `on…` is never listed.
SVG_ATTRIBUTES = _names(
    """
    id class style transform lang tabindex role focusable
    x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy z width height d points pathLength
    viewBox preserveAspectRatio version baseProfile zoomAndPan contentScriptType
    contentStyleType overflow clip display visibility opacity color cursor
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset
    clip-path clip-rule clipPathUnits mask mask-type maskUnits maskContentUnits
    filter filterUnits primitiveUnits gradientUnits gradientTransform spreadMethod href
    offset stop-color stop-opacity patternUnits patternContentUnits patternTransform
    marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY
    orient font font-family font-size font-weight font-style font-variant font-stretch
    font-size-adjust font-feature-settings letter-spacing word-spacing text-anchor
    text-decoration text-rendering dominant-baseline alignment-baseline baseline-shift
    writing-mode direction unicode-bidi rotate textLength lengthAdjust startOffset method
    spacing side white-space inline-size shape-inside shape-padding shape-margin
    shape-rendering image-rendering color-rendering color-interpolation
    color-interpolation-filters color-profile vector-effect paint-order mix-blend-mode
    isolation enable-background flood-color flood-opacity lighting-color transform-origin
    transform-box in in2 result stdDeviation mode type values tableValues slope intercept
    amplitude exponent offset k1 k2 k3 k4 operator radius kernelMatrix order divisor bias
    targetX targetY edgeMode preserveAlpha scale xChannelSelector yChannelSelector
    baseFrequency numOctaves seed stitchTiles surfaceScale diffuseConstant
    specularConstant specularExponent kernelUnitLength azimuth elevation pointsAtX
    pointsAtY pointsAtZ limitingConeAngle
    attributeName attributeType begin dur end min max restart repeatCount repeatDur
    calcMode keyTimes keySplines from to by additive accumulate path keyPoints
    systemLanguage requiredFeatures requiredExtensions media title
    horiz-adv-x horiz-origin-x horiz-origin-y vert-adv-y vert-origin-x vert-origin-y
    unicode glyph-name arabic-form u1 u2 g1 g2 k units-per-em ascent descent
    cap-height x-height accent-height panose-1 slope stemv stemh bbox widths
    underline-position underline-thickness strikethrough-position
    strikethrough-thickness overline-position overline-thickness
    """
)
SVG_ATTRIBUTE_PREFIXES = ("aria-", "data-")  # inert by definition

XLINK_ATTRIBUTES = frozenset({"href", "title", "type", "role", "arcrole", "show", "actuate"})
XML_ATTRIBUTES = frozenset({"space", "lang", "base"})

URL_ATTRIBUTES = frozenset({"href", f"{{{XLINK}}}href", f"{{{XML}}}base"})
ANIMATION_VALUES = frozenset({"values", "to", "from", "by"})
SAFE_DATA_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")
ALLOWED_INSTRUCTIONS = frozenset({"xpacket"})  # Illustrator's XMP packet markers
