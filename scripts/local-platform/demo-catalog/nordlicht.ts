import { list, type Trade } from './trade';

const finish = { name: 'Finish', values: ['Black', 'White', 'Brass', 'Smoke Grey', 'Oak'] };
const textileColour = { name: 'Colour', values: ['Oat', 'Moss', 'Rust', 'Charcoal', 'Dusty Rose', 'Ivory'] };
const lampFeatures = list(`E27 socket, bulb not included | Dimmable with a compatible LED bulb
  | Textile cable 1.8 m with inline switch | Designed in Hamburg | Energy efficiency classes A–G (with the bulb)
  | Ceiling canopy and mounting kit included`);

/** Nordlicht Home & Light: lighting, living accessories, bedroom and bath, kitchen and dining. */
export const NORDLICHT: Trade = {
  code: 'NLH',
  gs1Prefix: '426',
  brands: list(`Lumora | Nordlys | Fjordhus | Lichtwerk | Helle Design | Skandi Living | Glimt | Wohnform | Bettwerk`),
  categories: [
    {
      slug: 'lighting',
      name: 'Lighting',
      children: [
        { slug: 'pendant-lights', name: 'Pendant Lights' },
        { slug: 'ceiling-lights', name: 'Ceiling Lights' },
        { slug: 'table-lamps', name: 'Table Lamps' },
        { slug: 'floor-lamps', name: 'Floor Lamps' },
        { slug: 'wall-lights', name: 'Wall Lights' },
        { slug: 'led-bulbs', name: 'LED Bulbs' },
        { slug: 'outdoor-lighting', name: 'Outdoor Lighting' },
      ],
    },
    {
      slug: 'living',
      name: 'Living',
      children: [
        { slug: 'cushions-throws', name: 'Cushions & Throws' },
        { slug: 'rugs', name: 'Rugs' },
        { slug: 'mirrors', name: 'Mirrors' },
        { slug: 'vases-decor', name: 'Vases & Decor' },
        { slug: 'candles', name: 'Candles & Holders' },
      ],
    },
    {
      slug: 'bedroom-bath',
      name: 'Bedroom & Bath',
      children: [
        { slug: 'bed-linen', name: 'Bed Linen' },
        { slug: 'towels', name: 'Towels' },
        { slug: 'bath-accessories', name: 'Bathroom Accessories' },
      ],
    },
    {
      slug: 'kitchen-dining',
      name: 'Kitchen & Dining',
      children: [
        { slug: 'tableware', name: 'Tableware' },
        { slug: 'glassware', name: 'Glassware' },
        { slug: 'kitchen-textiles', name: 'Kitchen Textiles' },
      ],
    },
  ],
  families: [
    {
      category: 'pendant-lights',
      names: list(`Paper Lantern Pendant Ø45 | Pleated Pendant Lamp | Metal Dome Pendant | Rattan Pendant Lamp
        | Opal Glass Pendant Ø30 | Cluster Pendant 3-Light`),
      brands: [0, 1, 3, 4],
      price: [5999, 24999],
      weight: [900, 3500],
      options: [finish],
      features: lampFeatures,
    },
    {
      category: 'ceiling-lights',
      names: list(`Opal Flush Mount | Bathroom Ceiling Light IP44 | LED Ceiling Light Ø40 24 W | Spotlight Bar 4-Light GU10
        | Smart LED Panel 60×60`),
      brands: [3, 0, 1],
      price: [3999, 17999],
      weight: [800, 4000],
      options: [{ name: 'Colour temperature', values: ['2700 K', '3000 K', '4000 K'] }],
      features: list(`Integrated LED, 50,000 hours | Flicker-free, CRI > 90 | Dimmable with a trailing-edge dimmer
        | Works with the Lichtwerk app and voice assistants | Energy efficiency class E`),
    },
    {
      category: 'table-lamps',
      names: list(`Linen Shade Bedside Lamp | Adjustable Desk Lamp | Cordless LED Table Lamp | Opal Mushroom Lamp
        | Ceramic Table Lamp`),
      brands: [0, 4, 6, 5],
      price: [3499, 14999],
      weight: [800, 3000],
      options: [{ name: 'Colour', values: ['Sand', 'Sage', 'Terracotta', 'Black', 'White'] }],
      features: lampFeatures,
    },
    {
      category: 'floor-lamps',
      names: list(`Paper Floor Lamp | Reading Floor Lamp | Dimmable LED Uplighter | Oak Tripod Floor Lamp | Arc Floor Lamp`),
      brands: [0, 1, 4],
      price: [7999, 29999],
      weight: [3500, 12000],
      options: [finish],
      features: lampFeatures,
    },
    {
      category: 'wall-lights',
      names: list(`Plug-In Wall Lamp | Up-Down Wall Light | Swing-Arm Wall Lamp | LED Picture Light | Brass Wall Sconce`),
      brands: [0, 3, 4],
      price: [3999, 12999],
      weight: [500, 2000],
      options: [finish],
      features: lampFeatures,
    },
    {
      category: 'led-bulbs',
      names: list(`LED Candle Bulb E14 | LED Reflector GU10 | LED Filament Bulb E27 | LED Globe G95 Filament
        | Smart LED Bulb E27 Tunable White`),
      brands: [3, 6],
      price: [399, 1999],
      weight: [30, 120],
      options: [
        { name: 'Wattage', values: ['2.5 W (25 W)', '4.9 W (40 W)', '7 W (60 W)', '11 W (75 W)'], price: [1, 1.15, 1.35, 1.6] },
        { name: 'Colour temperature', values: ['2200 K', '2700 K', '4000 K'] },
      ],
      features: list(`Dimmable | 15,000 hours rated life | Instant full brightness | Warm, flicker-free light, CRI 90
        | Mercury-free`),
      attributes: { 'Energy efficiency class': ['E', 'F', 'D'] },
    },
    {
      category: 'outdoor-lighting',
      names: list(`Garden Spike Light | Solar Path Lights (set of 4) | Festoon Lights 10 m | Outdoor Wall Lantern IP54
        | Bollard Light 60 cm`),
      brands: [3, 2, 6],
      price: [1999, 14999],
      weight: [400, 4500],
      features: list(`Weatherproof IP44 or better | Powder-coated aluminium | Twilight sensor | Frost-resistant to −20 °C`),
    },
    {
      category: 'cushions-throws',
      names: list(`Velvet Cushion Cover 45×45 | Linen Cushion Cover 50×50 | Bouclé Cushion Round | Knitted Throw 130×170
        | Herringbone Wool Blanket`),
      brands: [5, 2, 7],
      price: [1999, 8999],
      weight: [200, 1400],
      options: [textileColour],
      features: list(`100 % natural fibres | Concealed zip | OEKO-TEX Standard 100 | Washable at 30 °C | Woven in Portugal`),
      attributes: { Material: ['Linen', 'Cotton', 'Wool', 'Cotton velvet'] },
    },
    {
      category: 'rugs',
      names: list(`Flatweave Runner | Washable Cotton Rug | Natural Jute Rug | Berber-Style Rug | Hand-Woven Wool Rug`),
      brands: [5, 7, 2],
      price: [4999, 12999],
      weight: [2000, 4000],
      options: [
        {
          name: 'Size',
          values: ['80×150 cm', '120×170 cm', '160×230 cm', '200×300 cm'],
          price: [1, 1.7, 2.8, 4.5],
          weight: [1, 1.7, 3, 5],
        },
      ],
      features: list(`Reversible | Suitable for underfloor heating | Low pile, easy to vacuum
        | Handmade: each piece is unique`),
    },
    {
      category: 'mirrors',
      names: list(`Round Wall Mirror Ø60 | Arched Oak Mirror | Full-Length Mirror 50×160 | LED Bathroom Mirror 80×60`),
      brands: [7, 2, 5],
      price: [4999, 19999],
      weight: [3000, 14000],
      options: [{ name: 'Frame', values: ['Black', 'Brass', 'Oak', 'Walnut'] }],
      features: list(`Distortion-free 4 mm mirror glass | Safety film on the back | Hangs portrait or landscape
        | Wall fixings included`),
    },
    {
      category: 'vases-decor',
      names: list(`Oak Photo Frame 13×18 | Dried Flower Bouquet | Ribbed Ceramic Vase | Handblown Glass Vase
        | Stoneware Bowl Ø30 | Marble Tray`),
      brands: [2, 5, 6],
      price: [1499, 6999],
      weight: [300, 2500],
      features: list(`Handmade in small batches | Each piece varies slightly in colour | Watertight | Gift-boxed`),
    },
    {
      category: 'candles',
      names: list(`Dinner Candles (set of 6) | Glass Tealight Holders (set of 4) | Pillar Candles (set of 3)
        | Scented Candle Cedar & Amber | Brass Candle Holder | Metal Lantern`),
      brands: [6, 2, 5],
      price: [999, 4999],
      weight: [200, 1800],
      features: list(`Rapeseed and soy wax | Burns for up to 45 hours | Cotton wick | Drip-free`),
    },
    {
      category: 'bed-linen',
      names: list(`Jersey Fitted Sheet | Flannel Bed Set | Percale Duvet Cover Set | Striped Satin Bed Set
        | Washed Linen Bed Set`),
      brands: [8, 5],
      price: [4999, 14999],
      weight: [900, 2200],
      options: [
        {
          name: 'Size',
          values: ['135×200 cm', '155×220 cm', '200×200 cm', '240×220 cm'],
          price: [1, 1.15, 1.35, 1.6],
          weight: [1, 1.2, 1.4, 1.7],
        },
        { name: 'Colour', values: ['White', 'Sand', 'Sage', 'Blue-Grey'] },
      ],
      features: list(`Organic cotton (GOTS) | Concealed zip | Pillowcase 80×80 cm included | Gets softer with every wash`),
    },
    {
      category: 'towels',
      names: list(`Hand Towel Set (2 pieces) | Waffle Towel | Cotton Bath Mat | Organic Cotton Bath Towel
        | Sauna Towel 80×200`),
      brands: [8, 5],
      price: [1499, 5999],
      weight: [300, 1200],
      options: [{ name: 'Colour', values: ['White', 'Stone', 'Sage', 'Navy', 'Clay'] }],
      features: list(`600 g/m² terry | Highly absorbent | Hanging loop | Washable at 60 °C`),
    },
    {
      category: 'bath-accessories',
      names: list(`Toothbrush Holder | Ceramic Soap Dispenser | Stainless Shower Caddy | Seagrass Laundry Basket
        | Freestanding Towel Rail`),
      brands: [2, 7],
      price: [1499, 8999],
      weight: [300, 5000],
      features: list(`Rust-free | Easy to clean | Matches the Fjordhus bath range | No drilling needed`),
    },
    {
      category: 'tableware',
      names: list(`Espresso Cup & Saucer | Mug 350 ml | Breakfast Bowl | Stoneware Dinner Plate Ø27 | Serving Platter`),
      brands: [2, 5],
      price: [999, 4999],
      weight: [300, 2400],
      options: [{ name: 'Glaze', values: ['Cream', 'Slate', 'Sage', 'Speckled Sand'] }],
      features: list(`Dishwasher and microwave safe | Reactive glaze: every piece is unique | Made in Portugal | Stackable`),
    },
    {
      category: 'glassware',
      names: list(`Champagne Flutes (set of 2) | Glass Storage Jar 1.5 l | Carafe 1 l | Wine Glasses (set of 4)
        | Ribbed Tumblers (set of 6)`),
      brands: [2, 6],
      price: [1499, 4999],
      weight: [500, 2000],
      features: list(`Mouth-blown | Dishwasher safe | Lead-free crystal glass | Gift-boxed`),
    },
    {
      category: 'kitchen-textiles',
      names: list(`Oven Glove | Placemats (set of 4) | Linen Tea Towels (set of 2) | Canvas Apron | Linen Tablecloth 140×250`),
      brands: [5, 8],
      price: [999, 5999],
      weight: [150, 900],
      options: [{ name: 'Colour', values: ['Natural', 'Charcoal', 'Rust', 'Sage'] }],
      features: list(`Stonewashed linen | Machine-washable at 40 °C | Lint-free | OEKO-TEX Standard 100`),
    },
  ],
  intros: [
    'Scandinavian calm for your home: {name} by {brand}.',
    'The {brand} {name} brings soft light and natural materials together.',
    'Timeless, well made and easy to live with: the {name} from {brand}.',
    '{brand} designs for rooms that feel lived in. This {name} is one of our favourites.',
  ],
  closings: [
    'Free delivery in Germany from €50; 30 days to return.',
    'Questions about fitting or bulbs? Our lighting team answers within a day.',
    'Combine it with other pieces from the same collection.',
  ],
  attributes: { Designer: ['Studio Nordlicht', 'Ines Berg', 'Mats Holm', 'Lea Sommer'] },
  imageColours: ['1e3a5f', 'e8b923'],
};
