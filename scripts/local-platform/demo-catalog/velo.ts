import { list, type Trade } from './trade';

const frame = { name: 'Frame size', values: ['S (46 cm)', 'M (50 cm)', 'L (54 cm)', 'XL (58 cm)'] };
const bikeColour = { name: 'Colour', values: ['Black', 'Sage Green', 'Midnight Blue', 'Sand', 'Signal Orange'] };
const apparel = { name: 'Size', values: ['XS', 'S', 'M', 'L', 'XL', 'XXL'] };
const bikeFeatures = list(`Pre-assembled and adjusted in our workshop | Free first service within 3 months
  | Hydraulic disc brakes | Lifetime warranty on the frame | Tubeless-ready wheels
  | Mounts for rack, mudguards and bottle cages`);

/** Velo Bikes & Parts: bicycles, components, accessories and clothing. */
export const VELO: Trade = {
  code: 'VEL',
  gs1Prefix: '428',
  brands: list(`Radwerk | Alpenrad | Veloce | Trailmark | Kettenwerk | Ridgeline | Pedalix | Stadtrad | Speichenwerk`),
  categories: [
    {
      slug: 'bikes',
      name: 'Bikes',
      children: [
        { slug: 'city-trekking', name: 'City & Trekking' },
        { slug: 'road-gravel', name: 'Road & Gravel' },
        { slug: 'mountain-bikes', name: 'Mountain Bikes' },
        { slug: 'e-bikes', name: 'E-Bikes' },
        { slug: 'kids-bikes', name: "Kids' Bikes" },
      ],
    },
    {
      slug: 'components',
      name: 'Components',
      children: [
        { slug: 'drivetrain', name: 'Drivetrain' },
        { slug: 'brakes', name: 'Brakes' },
        { slug: 'wheels-tyres', name: 'Wheels & Tyres' },
        { slug: 'cockpit', name: 'Cockpit' },
        { slug: 'saddles-seatposts', name: 'Saddles & Seatposts' },
      ],
    },
    {
      slug: 'accessories',
      name: 'Accessories',
      children: [
        { slug: 'bike-lights', name: 'Bike Lights' },
        { slug: 'locks', name: 'Locks' },
        { slug: 'bags-racks', name: 'Bags & Racks' },
        { slug: 'pumps-tools', name: 'Pumps & Workshop' },
        { slug: 'helmets', name: 'Helmets' },
      ],
    },
    {
      slug: 'clothing',
      name: 'Clothing',
      children: [
        { slug: 'jerseys', name: 'Jerseys & Base Layers' },
        { slug: 'shorts-trousers', name: 'Shorts & Trousers' },
        { slug: 'jackets', name: 'Jackets' },
        { slug: 'cycling-gloves', name: 'Gloves' },
      ],
    },
  ],
  families: [
    {
      category: 'city-trekking',
      names: list(`Dutch-Style Bike 3-Speed | City Bike 7-Speed Hub | Trekking Bike 28" 30-Speed | Steel Touring Bike
        | Urban Commuter Belt Drive`),
      lines: ['', 'Comfort', 'Sport'],
      brands: [0, 7, 1],
      price: [49900, 119900],
      weight: [13500, 17500],
      options: [frame, bikeColour],
      features: bikeFeatures,
      attributes: { 'Frame material': ['Aluminium', 'Steel (CrMo)'] },
    },
    {
      category: 'road-gravel',
      names: list(`Aluminium Road Bike 2×11 | Cyclocross Bike | Gravel Bike 2×11 | Adventure Gravel Bike 1×12
        | Carbon Endurance Road Bike`),
      lines: ['', 'SL'],
      brands: [2, 1, 0],
      price: [89900, 249900],
      weight: [8200, 10500],
      options: [{ name: 'Frame size', values: ['50 cm', '52 cm', '54 cm', '56 cm', '58 cm', '60 cm'] }, bikeColour],
      features: bikeFeatures,
      attributes: { 'Frame material': ['Aluminium', 'Carbon'] },
    },
    {
      category: 'mountain-bikes',
      names: list(`Dirt Jump Bike 26" | Hardtail 29" 1×12 | Carbon XC Hardtail | Full-Suspension Trail Bike 140 mm
        | Enduro 29" 170 mm`),
      lines: ['', 'Pro'],
      brands: [3, 5],
      price: [79900, 329900],
      weight: [11500, 16000],
      options: [{ name: 'Frame size', values: ['S', 'M', 'L', 'XL'] }, bikeColour],
      features: bikeFeatures,
    },
    {
      category: 'e-bikes',
      names: list(`E-Gravel Bike 400 Wh | Low-Step E-City Bike 500 Wh | E-Trekking Bike 625 Wh | E-MTB Hardtail 625 Wh
        | Long-Tail E-Cargo Bike`),
      brands: [0, 7, 3],
      price: [249900, 499900],
      weight: [22000, 32000],
      options: [frame, bikeColour],
      features: list(`Mid-drive motor with 85 Nm torque | Range up to 150 km (ECO mode) | Removable, lockable battery
        | Display with USB-C charging port | Charger and two keys included`),
      attributes: { Motor: ['Mid-drive 85 Nm', 'Mid-drive 65 Nm', 'Rear-hub 45 Nm'] },
    },
    {
      category: 'kids-bikes',
      names: list(`Balance Bike 12" | Kids' Bike 14" | Kids' Bike 16" | Kids' Bike 20" 7-Speed | Youth MTB 24" 8-Speed`),
      brands: [6, 7],
      price: [14900, 44900],
      weight: [3500, 11000],
      options: [{ name: 'Colour', values: ['Red', 'Petrol', 'Yellow', 'Lilac'] }],
      features: list(`Lightweight aluminium frame | Low step-through for easy mounting | Child-size brake levers
        | Puncture-resistant tyres`),
    },
    {
      category: 'drivetrain',
      names: list(`Bottom Bracket BSA | Chain 12-Speed | Shifter 11-Speed Right | Cassette 11-Speed 11-34
        | Rear Derailleur 12-Speed | Crankset 2×11 172.5 mm`),
      brands: [4, 8],
      price: [1999, 14999],
      weight: [250, 900],
      features: list(`Compatible with Shimano and SRAM standards | Hardened steel for long life | Quick link included
        | Fitting in our workshop on request`),
    },
    {
      category: 'drivetrain',
      names: ['Narrow-Wide Chainring', 'Direct-Mount Chainring', 'Oval Chainring'],
      brands: [4, 8],
      price: [2999, 6999],
      weight: [60, 160],
      options: [{ name: 'Teeth', values: ['30T', '32T', '34T', '36T', '38T'], price: [1, 1, 1.05, 1.1, 1.15] }],
      features: ['CNC-machined 7075 aluminium', 'Narrow-wide teeth keep the chain on', 'For 10- to 12-speed chains'],
    },
    {
      category: 'brakes',
      names: ['6-Bolt Disc Brake Rotor', 'Centerlock Disc Brake Rotor', 'Floating Disc Rotor'],
      brands: [4, 5],
      price: [1999, 5999],
      weight: [100, 200],
      options: [
        {
          name: 'Diameter',
          values: ['140 mm', '160 mm', '180 mm', '203 mm'],
          price: [1, 1.05, 1.15, 1.3],
          weight: [1, 1.2, 1.45, 1.8],
        },
      ],
      features: ['Heat-resistant stainless steel', 'For resin and sintered pads', 'Bolts included'],
    },
    {
      category: 'brakes',
      names: list(`Brake Cable Set | Organic Brake Pads | Sintered Brake Pads | V-Brake Set | Hydraulic Disc Brake Set`),
      brands: [4, 5, 8],
      price: [999, 19999],
      weight: [50, 600],
      features: list(`Strong, modulated braking | Bled and ready to fit | Quiet in the wet | Fits most common calipers`),
    },
    {
      category: 'wheels-tyres',
      names: list(`Tubeless-Ready Road Tyre | Folding Gravel Tyre | Puncture-Resistant Touring Tyre | Studded Winter Tyre`),
      brands: [8, 5, 2],
      price: [2999, 6999],
      weight: [250, 900],
      options: [
        {
          name: 'Width',
          values: ['25 mm', '28 mm', '32 mm', '40 mm', '45 mm'],
          price: [1, 1, 1.05, 1.1, 1.15],
          weight: [1, 1.1, 1.3, 1.7, 1.9],
        },
      ],
      features: list(`Dual-compound tread | Reflective sidewall | Puncture protection belt | ETRTO-compliant`),
    },
    {
      category: 'wheels-tyres',
      names: ['XC Race Tyre', 'Trail Tyre', 'Enduro Tyre Double-Down'],
      brands: [3, 5],
      price: [3999, 7999],
      weight: [700, 1300],
      options: [
        { name: 'Wheel size', values: ['27.5"', '29"'], price: [1, 1.05] },
        { name: 'Width', values: ['2.25"', '2.4"', '2.6"'] },
      ],
      features: list(`Tubeless-ready | Grippy soft compound | Reinforced sidewalls | Folding bead`),
    },
    {
      category: 'wheels-tyres',
      names: list(`Dynamo Front Wheel | Hub-Gear Rear Wheel 7-Speed | Aluminium Disc Wheelset | Carbon Wheelset 45 mm`),
      brands: [8, 2],
      price: [14999, 99999],
      weight: [1400, 2400],
      options: [{ name: 'Wheel size', values: ['27.5"', '29"', '700c'] }],
      features: list(`Hand-built and tensioned in our workshop | Straight-pull spokes | Sealed cartridge bearings
        | Tubeless tape fitted`),
    },
    {
      category: 'cockpit',
      names: ['Stem 31.8 mm', 'Adjustable Stem', 'Aero Stem'],
      brands: [5, 2],
      price: [2999, 8999],
      weight: [100, 250],
      options: [{ name: 'Length', values: ['60 mm', '80 mm', '90 mm', '100 mm', '110 mm'], weight: [1, 1.1, 1.15, 1.2, 1.25] }],
      features: list(`Forged 6061 aluminium | ±7° rise | Titanium bolts | Torque values laser-etched`),
    },
    {
      category: 'cockpit',
      names: list(`Handlebar Tape | Ergonomic Grips | Bar Ends | Flared Drop Bar | Riser Handlebar 780 mm`),
      brands: [5, 2, 6],
      price: [1499, 7999],
      weight: [80, 350],
      features: list(`31.8 mm clamp | Vibration-damping | Lock-on clamps | Tested to ISO 4210`),
    },
    {
      category: 'saddles-seatposts',
      names: ['Comfort Gel Saddle', 'Sport Saddle Cut-Out', 'Leather Touring Saddle'],
      brands: [6, 2],
      price: [3999, 12999],
      weight: [200, 550],
      options: [{ name: 'Width', values: ['135 mm', '145 mm', '155 mm'] }],
      features: list(`Pressure-relief channel | Chromoly rails | Measured in-store for free | Water-repellent cover`),
    },
    {
      category: 'saddles-seatposts',
      names: list(`Seat Clamp | Suspension Seatpost | Carbon Seatpost 27.2 | Dropper Post 150 mm`),
      brands: [3, 5],
      price: [999, 29999],
      weight: [50, 600],
      features: list(`Infinitely adjustable | Internal cable routing | Two-bolt head | Maximum rider weight 120 kg`),
    },
    {
      category: 'bike-lights',
      names: list(`Rear Light with Brake Sensor | Helmet Light | LED Front Light 80 lux | Dynamo Headlight 70 lux
        | USB-C Light Set`),
      brands: [6, 4],
      price: [1499, 9999],
      weight: [40, 250],
      features: list(`StVZO-approved | Rechargeable via USB-C | Tool-free mount | Up to 10 hours runtime`),
    },
    {
      category: 'locks',
      names: list(`Combination Cable Lock | Frame Lock with Plug-In Chain | U-Lock 16 mm | Folding Lock 90 cm
        | Chain Lock 110 cm`),
      brands: [6, 7],
      price: [1999, 12999],
      weight: [300, 2500],
      features: list(`Hardened steel | Security level 10 of 15 or higher | Two keys, replacement key service
        | Frame bracket included`),
    },
    {
      category: 'bags-racks',
      names: list(`Front Basket | Saddle Bag 10 l | Frame Bag | Handlebar Bag | Waterproof Pannier 20 l`),
      brands: [7, 6],
      price: [2999, 14999],
      weight: [300, 1500],
      options: [{ name: 'Colour', values: ['Black', 'Olive', 'Mustard', 'Grey'] }],
      features: list(`Waterproof roll-top | Quick-release mount | Reflective details | Made from recycled PET fabric`),
    },
    {
      category: 'pumps-tools',
      names: list(`Tyre Levers (set of 3) | Chain Checker | Mini Pump | Multi-Tool 18 Functions | Floor Pump with Gauge
        | Torque Wrench Set | Repair Stand`),
      brands: [4, 6],
      price: [499, 14999],
      weight: [50, 6000],
      features: list(`For Presta, Schrader and Dunlop valves | Workshop quality | Compact for the saddle bag
        | Chrome-vanadium steel bits`),
    },
    {
      category: 'helmets',
      names: list(`Kids' Helmet | Urban Helmet with LED | MTB Helmet with Visor | MIPS Road Helmet`),
      brands: [1, 3, 7],
      price: [4999, 17999],
      weight: [250, 450],
      options: [
        { name: 'Size', values: ['S (51–55 cm)', 'M (54–58 cm)', 'L (58–62 cm)'] },
        { name: 'Colour', values: ['Matt Black', 'White', 'Sage', 'Orange'] },
      ],
      features: list(`EN 1078 certified | MIPS rotational protection | Dial fit system | Removable, washable pads`),
    },
    {
      category: 'jerseys',
      names: list(`Base Layer | Loose-Fit MTB Shirt | Merino Short-Sleeve Jersey | Thermal Long-Sleeve Jersey`),
      lines: ["Men's {}", "Women's {}"],
      brands: [1, 2],
      price: [3999, 9999],
      weight: [120, 300],
      options: [apparel],
      features: list(`Three back pockets | Full-length zip | Odour-resistant | Made in Europe`),
    },
    {
      category: 'shorts-trousers',
      names: list(`Baggy MTB Shorts | Commuter Trousers | Bib Shorts | Winter Cycling Tights`),
      lines: ["Men's {}", "Women's {}"],
      brands: [1, 2, 3],
      price: [4999, 12999],
      weight: [150, 450],
      options: [apparel],
      features: list(`Italian chamois | Four-way stretch | Reflective details | Water-repellent finish`),
    },
    {
      category: 'jackets',
      names: list(`Windproof Gilet | Packable Rain Jacket | Softshell Jacket | Insulated Winter Jacket`),
      brands: [1, 2, 7],
      price: [6999, 24999],
      weight: [150, 600],
      options: [apparel],
      features: list(`Waterproof 20,000 mm | Taped seams | Packs into its own pocket | PFC-free`),
    },
    {
      category: 'cycling-gloves',
      names: ['Short-Finger Summer Gloves', 'Full-Finger MTB Gloves', 'Windproof Winter Gloves'],
      brands: [1, 3],
      price: [1999, 5999],
      weight: [50, 150],
      options: [{ name: 'Size', values: ['S', 'M', 'L', 'XL'] }],
      features: list(`Gel padding | Touchscreen fingertips | Terry thumb | Machine-washable`),
    },
  ],
  intros: [
    'Ride further: the {brand} {name}.',
    'Tested by our workshop team on Berlin cobbles and Alpine passes: {name} from {brand}.',
    'The {brand} {name} is built for everyday riding and the odd adventure.',
    '{name} by {brand}: one of the best-sellers in our shop.',
  ],
  closings: [
    'Order online and collect in store, fitted and adjusted by our mechanics.',
    'Free shipping in Germany from €50; bikes arrive 95 % pre-assembled.',
    'Lease it through your employer with JobRad and similar schemes.',
  ],
  attributes: { Warranty: ['2 years', '2 years', '5 years'] },
  imageColours: ['0f766e', 'f97316'],
};
