import { list, type Trade } from './trade';

const bags = { name: 'Bag size', values: ['5 kg', '10 kg', '25 kg', '40 kg'], price: [1, 1.7, 3.4, 4.9], weight: [1, 2, 5, 8] };
const colours = list(`White | Transparent | Grey | Anthracite | Beige`);

/** Acme Building Supplies: construction materials, tools, fixings, paint and workwear. */
export const ACME: Trade = {
  code: 'ACM',
  gs1Prefix: '401',
  brands: list(
    `Steinhart | Baukraft | Meisterbau | Holzwerk Nord | Isotherm | Tectum | Krafter | Ferrox | Haftwerk | Farbenhaus | Schutzwerk`,
  ),
  categories: [
    {
      slug: 'building-materials',
      name: 'Building Materials',
      children: [
        { slug: 'cement-mortar', name: 'Cement & Mortar' },
        { slug: 'bricks-blocks', name: 'Bricks & Blocks' },
        { slug: 'timber-boards', name: 'Timber & Boards' },
        { slug: 'insulation', name: 'Insulation' },
        { slug: 'drywall', name: 'Drywall' },
      ],
    },
    {
      slug: 'tools',
      name: 'Tools',
      children: [
        { slug: 'power-tools', name: 'Power Tools' },
        { slug: 'hand-tools', name: 'Hand Tools' },
        { slug: 'measuring', name: 'Measuring & Levelling' },
      ],
    },
    {
      slug: 'fixings',
      name: 'Fixings & Adhesives',
      children: [
        { slug: 'screws', name: 'Screws' },
        { slug: 'anchors', name: 'Anchors & Plugs' },
        { slug: 'adhesives-sealants', name: 'Adhesives & Sealants' },
      ],
    },
    {
      slug: 'paint',
      name: 'Paint & Finishes',
      children: [
        { slug: 'wall-paint', name: 'Wall Paint' },
        { slug: 'wood-finishes', name: 'Wood Finishes' },
        { slug: 'brushes-rollers', name: 'Brushes & Rollers' },
      ],
    },
    {
      slug: 'workwear',
      name: 'Workwear & Safety',
      children: [
        { slug: 'safety-footwear', name: 'Safety Footwear' },
        { slug: 'protection', name: 'Gloves & Protection' },
      ],
    },
  ],
  families: [
    {
      category: 'cement-mortar',
      names: list(`Portland Cement CEM I 42.5 R | Composite Cement CEM II/B-S 32.5 R | Masonry Mortar MG IIa
        | Rapid-Set Concrete C20/25 | Screed Mix CT-C25-F4 | Tile Adhesive C2TE S1 | Lime-Cement Render | Repair Mortar R4`),
      brands: [0, 1, 2],
      price: [349, 699],
      weight: [5000, 5200],
      options: [bags],
      features: list(`Frost- and weather-resistant once cured | For indoor and outdoor use
        | Mix with clean water only, ready after 3 minutes | Workable for about 2 hours | Conforms to EN 197-1
        | Low-chromate according to REACH | Keep dry; usable for 12 months in the unopened bag`),
      attributes: { 'Compressive strength': ['32.5 N/mm²', '42.5 N/mm²', '25 N/mm²'] },
    },
    {
      category: 'bricks-blocks',
      names: list(`Solid Clay Brick NF | Perforated Brick 2DF | Clinker Facing Brick Red | Sand-Lime Block KS L 12 DF
        | Concrete Hollow Block 24 cm | Aerated Concrete Block PP2`),
      brands: [0, 1, 2],
      price: [79, 349],
      weight: [1800, 9000],
      options: [{ name: 'Pack size', values: ['1 piece', '10 pieces', '50 pieces'], price: [1, 9.2, 43], weight: [1, 10, 50] }],
      features: list(`Dimensionally accurate for thin-bed mortar | High thermal storage capacity
        | Non-combustible, fire class A1 | Sound insulating | Delivered on a pallet from 50 pieces`),
    },
    {
      category: 'timber-boards',
      names: list(`Roof Batten 30×50 | Planed Spruce Board 18×96 | Construction Timber C24 KVH 60×120
        | Larch Decking Board 27×142 | OSB/3 Board 18 mm | Birch Plywood 15 mm | Glulam Beam GL24h 100×200`),
      brands: [3, 5],
      price: [499, 2999],
      weight: [3000, 12000],
      options: [
        {
          name: 'Length',
          values: ['2.0 m', '2.5 m', '3.0 m', '4.0 m', '5.0 m'],
          price: [1, 1.25, 1.5, 2, 2.5],
          weight: [1, 1.25, 1.5, 2, 2.5],
        },
      ],
      features: list(`Kiln-dried to 15 % moisture | PEFC-certified timber from sustainable forestry
        | Planed on four sides, rounded edges | Strength-graded to EN 14081 | Cut to length on request at the counter`),
      attributes: { Wood: ['Spruce', 'Pine', 'Larch', 'Douglas fir'] },
    },
    {
      category: 'insulation',
      names: list(`EPS Facade Board 035 | Glass Wool Clamping Felt 032 | Mineral Wool Roll WLG 035
        | XPS Perimeter Board 300 kPa | PIR Roof Board Alu-Faced | Wood Fibre Board 040`),
      brands: [4, 5],
      price: [1299, 2999],
      weight: [2000, 6000],
      options: [
        {
          name: 'Thickness',
          values: ['60 mm', '100 mm', '140 mm', '200 mm'],
          price: [1, 1.5, 2, 2.7],
          weight: [1, 1.6, 2.3, 3.3],
        },
      ],
      features: list(`Thermal conductivity class 035 | Easy to cut with an insulation knife | Non-combustible, fire class A1
        | Water-repellent and diffusion-open | Covers about 5 m² per pack`),
    },
    {
      category: 'drywall',
      names: list(`Paper Joint Tape 75 m | UW Track Profile 75 mm | CW Stud Profile 50 mm | Gypsum Plasterboard GKB 12.5 mm
        | Impregnated Board GKBI 12.5 mm | Fire Protection Board GKF 12.5 mm | Jointing Compound 10 kg
        | Drywall Screws TN 3.5×25 (1,000)`),
      brands: [5, 2, 1],
      price: [299, 1599],
      weight: [500, 25000],
      features: list(`For walls and ceilings in dry interiors | Tapered edges for invisible joints
        | Compatible with all common stud systems | Conforms to EN 520`),
    },
    {
      category: 'power-tools',
      names: list(`Cordless Drill Driver 18V | Cordless Impact Driver 18V | Cordless Multi-Tool 18V | Cordless Jigsaw 18V
        | Cordless Hammer Drill 18V | Cordless Circular Saw 18V 165 mm`),
      lines: ['', 'Pro', 'Compact'],
      brands: [6, 7],
      price: [7999, 17999],
      weight: [1200, 2600],
      options: [
        {
          name: 'Kit',
          values: ['Tool only', '2.0 Ah kit', '4.0 Ah kit', '2 × 5.0 Ah kit'],
          price: [1, 1.45, 1.75, 2.2],
          weight: [1, 1.3, 1.45, 1.9],
        },
      ],
      features: list(`Brushless motor for longer runtime | Part of the 18V one-battery system | LED work light
        | Electronic overload protection | Delivered in a stackable carry case
        | 3-year manufacturer warranty after registration`),
    },
    {
      category: 'power-tools',
      names: list(`Random Orbit Sander 125 mm | Angle Grinder 125 mm 1,100 W | Hammer Drill SDS-plus 800 W
        | Wet Tile Saw 800 W | Plunge-Cut Saw 160 mm | Rotary Hammer SDS-max 1,500 W`),
      lines: ['', 'Pro'],
      brands: [6, 7],
      price: [5999, 29999],
      weight: [1800, 8500],
      features: list(`Soft start and constant electronics | Anti-vibration handle | Dust extraction port | 4 m rubber cable
        | Tool-free accessory change`),
    },
    {
      category: 'hand-tools',
      names: list(`Snap-Off Utility Knife 18 mm | Bricklayer's Trowel 180 mm | Stainless Plastering Trowel
        | Claw Hammer 450 g | Hacksaw 300 mm | Combination Pliers 180 mm | Crowbar 600 mm | Wood Chisel Set (4 pieces)
        | VDE Screwdriver Set (7 pieces) | Tile Cutter 600 mm`),
      lines: ['', 'Pro'],
      brands: [7, 6, 2],
      price: [799, 5999],
      weight: [150, 3500],
      features: list(`Hardened chrome-vanadium steel | Two-component ergonomic grip | Made for daily use on site
        | Lifetime guarantee against breakage`),
    },
    {
      category: 'measuring',
      names: list(`Spirit Level Aluminium | Box-Section Spirit Level | Magnetic Spirit Level Pro-Grip
        | Aluminium Straightedge`),
      brands: [7, 6],
      price: [899, 2999],
      weight: [150, 900],
      options: [
        {
          name: 'Length',
          values: ['40 cm', '60 cm', '100 cm', '120 cm', '200 cm'],
          price: [1, 1.2, 1.6, 1.8, 2.6],
          weight: [1, 1.4, 2.3, 2.8, 4.6],
        },
      ],
      features: list(`Accuracy ±0.5 mm/m | Shock-absorbing end caps | Vials readable from the front and top
        | Calibrated in the factory`),
    },
    {
      category: 'measuring',
      names: list(`Folding Rule Wood 2 m | Tape Measure 5 m | Chalk Line Reel 30 m | Moisture Meter for Building Materials
        | Laser Distance Meter 50 m | Cross-Line Laser Green | Rotary Laser Set`),
      brands: [7, 6],
      price: [799, 39999],
      weight: [200, 4500],
      features: list(`Self-levelling within ±4° | Visible up to 30 m indoors | Runs on AA batteries or the 18V system
        | Delivered with case and wall bracket`),
    },
    {
      category: 'screws',
      names: list(`Chipboard Screws Torx Countersunk (box of 200) | Zinc-Plated Universal Screws (box of 500)
        | Wood Construction Screws Wafer Head (box of 50) | Stainless Decking Screws A2 (box of 200)
        | Facade Screws A4 (box of 100)`),
      brands: [0, 7, 2],
      price: [499, 1999],
      weight: [300, 1500],
      options: [
        {
          name: 'Size',
          values: ['3.5×30', '4×40', '5×60', '6×80', '8×120'],
          price: [1, 1.2, 1.6, 2.1, 3.2],
          weight: [1, 1.3, 1.9, 2.6, 4],
        },
      ],
      features: list(`Torx drive: no cam-out | Cutting tip, no pre-drilling in softwood | Wax-coated for less driving torque
        | Approved for load-bearing timber connections (ETA)`),
    },
    {
      category: 'anchors',
      names: list(`Nylon Wall Plugs (box of 100) | Hammer-In Fixings (box of 100) | Cavity Wall Anchors (box of 25)
        | Frame Fixings with Screw (box of 50) | Heavy-Duty Anchor Bolts (box of 20)`),
      brands: [0, 7],
      price: [399, 2499],
      weight: [100, 1200],
      options: [
        { name: 'Diameter', values: ['6 mm', '8 mm', '10 mm', '12 mm'], price: [1, 1.3, 1.7, 2.2], weight: [1, 1.5, 2.1, 2.9] },
      ],
      features: list(`For concrete, solid and perforated brick | Anti-rotation wings | Approved for façade fixings
        | Temperature range −40 °C to +80 °C`),
    },
    {
      category: 'adhesives-sealants',
      names: list(`Paintable Acrylic Sealant 310 ml | Sanitary Silicone 310 ml | Roof & Gutter Sealant 310 ml
        | Construction Adhesive 290 g | Hybrid Assembly Adhesive 290 ml | Fire-Rated Sealant 310 ml`),
      brands: [8, 0],
      price: [399, 1299],
      weight: [320, 420],
      options: [{ name: 'Colour', values: colours }],
      features: list(`Mould-resistant for five years | Paintable after 24 hours
        | Adheres without primer to most building materials | Remains permanently elastic
        | Solvent-free and low-odour (EMICODE EC1 Plus)`),
    },
    {
      category: 'wall-paint',
      names: list(`Deep-Penetrating Primer | Anti-Splash Ceiling White | Interior Wall Paint Matt
        | Scrubbable Latex Paint Satin | Kitchen & Bath Paint | Silicone Resin Facade Paint`),
      lines: ['', 'Premium'],
      brands: [9, 2],
      price: [1499, 3999],
      weight: [3600, 3800],
      options: [{ name: 'Size', values: ['2.5 l', '5 l', '10 l', '12.5 l'], price: [1, 1.8, 3.2, 3.8], weight: [1, 2, 4, 5] }],
      features: list(`Opacity class 1 at 7 m²/l | Wet scrub class 2 to EN 13300 | Low-emission, without preservatives
        | Tintable in over 1,000 shades at the counter | Dries in about 4 hours`),
    },
    {
      category: 'wood-finishes',
      names: list(`Wood Preserver Primer | Wood Stain Oak | Garden Furniture Oil | Teak Decking Oil | Clear Varnish Satin
        | Hard Wax Oil`),
      brands: [9, 3],
      price: [899, 2499],
      weight: [800, 850],
      options: [{ name: 'Size', values: ['0.75 l', '2.5 l', '5 l'], price: [1, 2.6, 4.4], weight: [1, 3.3, 6.6] }],
      features: list(`Penetrates deeply and protects against UV | Water-based, easy to clean up | Enhances the natural grain
        | Blocking-resistant once dry`),
    },
    {
      category: 'brushes-rollers',
      names: list(`Precision Masking Tape 50 m | Radiator Brush Angled | Metal Paint Tray
        | Synthetic Flat Brush Set (3 pieces) | Paint Roller Set 25 cm | Covering Fleece 1 × 25 m
        | Telescopic Extension Pole 2 m`),
      brands: [9, 2],
      price: [299, 2499],
      weight: [100, 1500],
      features: list(`Spatter-free application | Solvent-resistant bristles | Washable and reusable
        | Fits all common extension poles`),
    },
    {
      category: 'safety-footwear',
      names: list(`Low Safety Shoe S1P | Safety Boot S3 SRC | Rubber Safety Boot S5 | Roofer Safety Boot S3
        | Winter Safety Boot S3 CI`),
      brands: [10, 6],
      price: [5999, 12999],
      weight: [1200, 1700],
      options: [{ name: 'Size', values: ['39', '40', '41', '42', '43', '44', '45', '46', '47'] }],
      features: list(`Steel-free composite toe cap | Puncture-resistant textile midsole | Slip-resistant sole (SRC)
        | Breathable lining | Conforms to EN ISO 20345`),
    },
    {
      category: 'protection',
      names: list(`Nitrile-Coated Work Gloves | Leather Rigger Gloves | Winter Work Gloves Lined
        | Cut-Resistant Gloves Level C`),
      brands: [10, 6],
      price: [299, 1499],
      weight: [60, 120],
      options: [{ name: 'Size', values: ['7 (S)', '8 (M)', '9 (L)', '10 (XL)', '11 (XXL)'] }],
      features: list(`Touchscreen-compatible fingertips | Good grip in oily conditions | Machine-washable at 40 °C
        | EN 388 certified`),
    },
    {
      category: 'protection',
      names: list(`Safety Glasses Clear | FFP2 Dust Masks (pack of 10) | Knee Pads Gel | Hard Hat EN 397
        | Ear Defenders SNR 30`),
      brands: [10],
      price: [299, 2999],
      weight: [40, 500],
      features: list(`Comfortable for all-day wear | Adjustable fit | Certified to the current EN standard
        | Compatible with the other Schutzwerk protective gear`),
    },
  ],
  intros: [
    '{brand} {name}, in trade quality at a fair price.',
    'Tried and tested on building sites across Germany: the {name} by {brand}.',
    'The {brand} {name} is made for professionals and ambitious DIY projects alike.',
    'Reliable results, job after job: {name} from {brand}.',
  ],
  closings: [
    'Available for click & collect at the counter or delivered to your site.',
    'Trade customers receive volume discounts from one pallet.',
    'Ask our counter staff for advice, Monday to Saturday.',
  ],
  attributes: { 'Country of origin': ['Germany', 'Germany', 'Austria', 'Poland', 'Czech Republic'] },
  imageColours: ['b4490f', 'ffffff'],
};
