"""Draw the made-up logo of the example template templates/fjallby/ (run once; the PNG is committed)."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent / "fjallby"


def main() -> None:
    image = Image.new("RGB", (720, 220), "white")
    draw = ImageDraw.Draw(image)
    # Three fells with snow caps, in the template's colours.
    for x, height, colour in ((20, 150, "#0B4F6C"), (110, 190, "#145C7A"), (200, 130, "#0B4F6C")):
        top = (x + 80, 200 - height)
        draw.polygon([(x, 200), top, (x + 160, 200)], fill=colour)
        cap = height * 0.28
        draw.polygon([(top[0] - cap * 0.53, top[1] + cap), top, (top[0] + cap * 0.53, top[1] + cap)], fill="#EAF4F8")
    font = ImageFont.truetype(str(HERE / "fonts" / "Caladea-Bold.ttf"), 64)
    draw.text((390, 62), "Fjällby", font=font, fill="#0B4F6C")
    small = ImageFont.truetype(str(HERE / "fonts" / "Caladea-Regular.ttf"), 34)
    draw.text((394, 140), "kommun", font=small, fill="#145C7A")
    image.save(HERE / "logo.png", optimize=True)


if __name__ == "__main__":
    main()
