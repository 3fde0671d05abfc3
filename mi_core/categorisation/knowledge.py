"""Hand-written knowledge base for the offline categoriser.

Everything here is general marketplace knowledge (what a "palette" or a "2T onesie" is,
which brands sell make-up, how sellers write gender), written by hand. Nothing is mined
from labelled listings, so the benchmark set stays an honest measurement.

The tables use a tiny line format so that knowledge is cheap to read and extend:

    Target weight: phrase, phrase=weight, ...

* ITEMS     target = "Department/Subcategory" — what the item is.
* GARMENTS  target = "WomenSub|MenSub|kids kind" — clothing whose department depends
            on who wears it; an empty side means "not worn by that group".
* GENDER    target = "Women" | "Men" | "Kids" | "Baby" | "Girl" | "Boy" — who it is for;
            "Character" = a children's character: a Kids cue for clothing and accessories
            only (alone it never makes a title clothing).
* THEMES    target = "Department/Subcategory" — decoration (characters, holidays, places,
            motifs): only breaks ties when the title names its item.
* MODIFIERS target = "Vintage & Collectibles" | "Handmade" — re-homes any item.

Weights are evidence strengths: about 3 = names the item outright ("eyeshadow palette"),
2 = usual meaning ("case"), 1 = a hint (a brand that mostly sells one thing).
Phrases are written in normalised form (see `normalise_title`); plurals are derived.
"""

from __future__ import annotations

# A general picture of what is sold on a US resale marketplace (women's fashion and beauty
# dominate), not measured from any labelled set: the synthetic titles follow it and the
# offline categoriser weighs its evidence against it.
DEPARTMENT_MIX = {
    "Women": 0.42,
    "Beauty": 0.14,
    "Kids": 0.10,
    "Men": 0.08,
    "Electronics": 0.07,
    "Home": 0.05,
    "Luggage & Travel": 0.01,
    "Toys & Collectibles": 0.04,
    "Vintage & Collectibles": 0.025,
    "Other": 0.02,
    "Sports & Outdoors": 0.02,
    "Handmade": 0.015,
    "Books": 0.01,
    "Office": 0.01,
    "Arts & Crafts": 0.008,
    "Pet Supplies": 0.005,
    "Tools": 0.005,
}

ITEMS = """
Luggage & Travel/Suitcases & Carry-Ons 3: suitcase, suitcases, carry on, carryon, carry ons, \
  carry on luggage, carry on suitcase, luggage=2.5, rolling luggage, spinner luggage, \
  spinner suitcase, checked luggage, checked bag=2, hardside luggage, hardside=2.5, \
  hard shell luggage, hard case luggage, roller bag, rolling suitcase, kids luggage, \
  trunki=2.5, samsonite=2, american tourister=2, travelpro=2.5, delsey=2, calpak=1.5, \
  monos=1, briggs and riley, tumi=1.5, rimowa=2.5, it luggage, away luggage, \
  away carry on, spinner=1.5, expandable=1, rockland=1
Luggage & Travel/Luggage Sets 3: luggage set, luggage sets, suitcase set, suitcase sets, \
  piece luggage set, piece luggage, pc luggage, piece luggage sets, nested luggage, \
  piece set=1, pc set=1
Luggage & Travel/Duffels & Weekenders 3: duffel, duffle, duffels, duffles, duffel bag, \
  duffle bag, weekender, weekender bag, weekender tote, overnight bag, travel bag, \
  travel duffel, travel tote=2, carryall, carry all, holdall, keepall, garment bag, \
  travel backpack=2
Luggage & Travel/Luggage Tags & Passport Covers 3: luggage tag, luggage tags, bag tag, \
  bag tags, passport cover, passport covers, passport holder, passport holders, \
  passport case, passport wallet, travel wallet, passport=2.5, boarding pass holder
Luggage & Travel/Travel Pillows & Accessories 3: travel pillow, neck pillow, \
  packing cube, packing cubes, luggage lock, luggage locks, tsa lock, tsa locks, \
  tsa approved=2, luggage scale, luggage strap, luggage straps, luggage cover, \
  suitcase cover, travel adapter, travel bottles, toiletry bottles, travel organizer, \
  travel accessories, travel kit, travel case=2, travel jewelry case, eye mask=1.5, \
  sleep mask, travel=1, jet set=0, travel size=0, travel mug=0, travel system=0
Home/Lunch Bags & Boxes 3: lunch bag, lunch bags, lunch box, lunchbox, lunch boxes, \
  lunch tote, lunch kit, lunch cooler, bento, bento box, lunch bunch, \
  lunchbag
Home/Rugs & Doormats 3: rug, rugs, area rug, runner rug, rug runner, doormat, door mat, \
  doormats, welcome mat, outdoor rug, shag rug, play rug, kitchen mat, kitchen rug, \
  anti fatigue mat, ruggable=2.5, jute rug, floor mat=2, carpet=2
Home/Curtains & Window Treatments 3: curtain, curtains, curtain panel, curtain panels, \
  valance, valances, drapes, drape, drapery, blinds, blackout curtains, sheer curtains, \
  curtain rod, curtain rods, roman shade, window shade, window shades, shades=1, \
  tiebacks, window treatment, window treatments, panels=1.5, cafe curtains
Home/Essential Oils & Diffusers 3: essential oil, essential oils, diffuser=2.5, \
  oil diffuser, essential oil diffuser, aromatherapy, aromatherapy diffuser, \
  doterra=3, young living=3, plant therapy=2.5, vitruvi=2.5, ultrasonic diffuser, \
  aroma diffuser, roller bottles, essential oils set, diffuser necklace=0, \
  oil=1, lavender oil, peppermint oil, tea tree oil, eucalyptus oil
Beauty/Cosmetic Bags & Cases 3: makeup bag, make up bag, makeup bags, cosmetic bag, \
  cosmetic bags, cosmetic pouch, makeup pouch, cosmetics bag, cosmetic case, makeup case, \
  travel makeup bag, makeup travel bag, toiletry bag, toiletries bag, dopp kit, \
  train case, makeup train case, vanity case, makeup organizer bag, pencil case=0
Beauty/Makeup 3: eyelashes, eyelash, lash, brow, brows, powder=2, lip color, \
  lip colour, cheek, cheeks, setting, lipsticks, gel liner, tinted, \
  lipstick, lip gloss, \
  lipgloss, liquid lipstick, lip liner, lip kit, lip stain, lip \
  balm=2, lip set, lip oil, eyeshadow, eye shadow, eyeshadow palette, eye palette, shadow palette, \
  palette=2, mascara, eyeliner, eye liner, brow pencil, brow gel, brow pomade, dipbrow, eyebrow, \
  foundation, concealer, contour, contour kit, highlighter=2, highlight=1.5, bronzer, blush, \
  setting spray, setting powder, face powder, pressed powder, loose powder, primer, bb cream, \
  cc cream, tinted moisturizer, false lashes, lashes, mink lashes, lash glue, makeup, make up, \
  cosmetics, glitter eyeshadow, pigment=1.5, liquid liner, matte lipstick, lip, lips=1.5, \
  face palette, cheek palette, naked palette, vault=1.5, color corrector, sponge=1.5, \
  beauty blender, beautyblender, lippie, lippies, ultra matte, velvetines, gloss=2, cushion=1.5, \
  eye primer, kohl, shimmer=1, pallet=2, pallete=2
Beauty/Makeup 2: too faced, urban decay, mac=1.5, mac cosmetics, nyx, anastasia, \
  anastasia beverly hills, abh, kylie, kylie cosmetics, kylie jenner, colourpop, colorpop, \
  morphe, tarte, benefit, nars, sephora=1.5, ulta=1.5, mary kay=1.5, clinique=1.5, \
  estee lauder=1.5, fenty, fenty beauty, huda, huda beauty, jeffree star, kat von d, kvd, \
  smashbox, bare minerals, bareminerals, it cosmetics, laura mercier, elf, e l f, wet n wild, \
  maybelline, loreal, revlon, covergirl, cover girl, milani, becca, glossier, stila, lorac, \
  bh cosmetics, makeup revolution, physicians formula, hourglass, charlotte tilbury, \
  pat mcgrath, dior=1, ysl=1, lancome=1.5, bobbi brown, buxom, juvias place, juvia, \
  natasha denona, lime crime, sugarpill, jaclyn hill, james charles, beauty=2, cosmetic, \
  younique, limelife, seint, maskcara, lipsense=3, senegence=3, baby lips=3, \
  too faced chocolate, better than sex, sweet peach, born this way, naked=1.5, \
  tarte shape tape, shape tape, mac lipstick, ofra, bperfect, wayne goss, \
  dose of colors, makeup geek, tartelette, tarteist, tom ford beauty, rare beauty, \
  pur=1.5, bh=1.5, ipsy=2.5, boxycharm=2.5, birchbox=2, sample=1.5, samples=1.5, \
  deluxe sample=2.5, mini=0.5, travel size=1
Beauty/Skin Care 2: drunk elephant, the ordinary, cerave, cetaphil, neutrogena=1.5, \
  origins=1.5, kiehls, philosophy=1.5, first aid beauty, sunday riley, tatcha, glow recipe, \
  peter thomas roth, murad, dermalogica, olay, rodan and fields, rodan fields, nu skin, \
  la roche posay, paulas choice, mario badescu, biossance, youth to the people, proactiv, \
  baby foot=3, clarins=1.5, shiseido=1.5, skinceuticals, obagi, bioderma, foreo, \
  nuface, microdermabrasion
Beauty/Fragrance 2: bombshell=2.5, daisy marc jacobs=3, viva la juicy=3, juicy couture=1, \
  ariana grande=2.5, jo malone, tom ford=1.5, versace=1, dolce and gabbana=1, \
  chanel no 5=3, coco mademoiselle=3, black opium=3, good girl=2, miss dior=3, \
  flowerbomb=3, light blue=2, acqua di gio=3, sauvage=2, cloud=1, curious=1
Beauty/Bath & Body 2: bath and body works=2.5, bbw=2.5, the body shop, body shop, \
  sol de janeiro, aveeno, eos, soap and glory, philosophy body, pink body mist=3, \
  lush=2, bath and body=2.5, travel body=1, fine fragrance mist=3
Beauty/Hair Care 2: its a 10, paul mitchell, redken, matrix=1.5, biolage, moroccanoil, \
  ouai, living proof, ghd, t3=2, dyson airwrap=3, airwrap=3, drybar, conair, chi=1.5, \
  bed head, tigi, amika, briogeo, monat, aveda, pureology, kenra, not your mothers, mielle, \
  babyliss=3, revlon one step, hair=2
Beauty/Nail Care 2: opi, essie, sally hansen, color street=3, jamberry=3, dip powder, \
  sns, kiara sky, gelish, cnd
Women/Handbags 1: thirty one gifts, kipling=2, baggallini, fossil purse=3
Beauty/Skin Care 3: blackhead, blackhead remover, pore, pores, \
  mask=1, masks=1, facial mask, eye patches, moisturizer, serum, face \
  serum, face mask, sheet mask, clay mask, peel off \
  mask, cleanser, face wash, toner, eye cream, night cream, day cream, retinol, vitamin c serum, \
  sunscreen, spf, exfoliator, exfoliating, facial, skincare, skin care, acne, anti aging, \
  micellar water, cream=1.5, face oil, clarisonic, dermaroller, pore strips, peel=1.5
Beauty/Fragrance 3: perfume, eau de parfum, eau de toilette, edp, edt, cologne, parfum, \
  fragrance, body mist=2.5, rollerball, perfume oil, fragrance mist
Beauty/Bath & Body 2.5: body lotion, lotion=2, body wash, shower gel, body scrub, sugar scrub, \
  body butter, bath bomb, bath bombs, bubble bath, hand cream, hand soap, body spray=2, \
  body cream, body oil, shea butter, bath salts, soap=1.5, deodorant=1.5, hand sanitizer
Beauty/Hair Care 3: hair, shampoo, conditioner, \
  hair mask, hair oil, dry shampoo, hair spray, \
  hairspray, curling iron, curling wand, flat iron, straightener, hair straightener, hair dryer, \
  blow dryer, hot tools=2, hair extensions, extensions=2, wig, lace front, clip ins, hair clips=1, \
  hair brush=2, hot rollers, chi=1, olaplex, hair growth
Beauty/Nail Care 3: nail polish, nail lacquer, gel polish, nail art, nail stickers, nail wraps, \
  nail kit, nail lamp, uv lamp, acrylic nails, press on nails, nails=2, nail=2, manicure, \
  cuticle oil, base coat, top coat
Beauty/Tools & Accessories 3: makeup brush, makeup brushes, brush set, brushes=2, brush=1.5, \
  makeup organizer, makeup mirror, lighted mirror, \
  eyelash curler, tweezers, blender sponge, makeup remover=2
Beauty/Men's Grooming 3: beard oil, beard balm, beard, aftershave, after shave, shaving cream, \
  razor=2, trimmer=2, mens grooming

Women/Jewelry 2.5: necklace, bracelet, earrings, earring, ring=2, rings=2, pendant, charm=2, \
  charms=2, choker, anklet, bangle, bangles, studs=2, hoops=2, stud earrings, hoop earrings, \
  jewelry, jewellery, brooch, locket, sterling silver=1.5, sterling=1.5, 925=1.5, 14k=1.5, \
  10k=1.5, 18k=1.5, gold filled=1.5, engagement ring, wedding band=2, diamond=1.5, opal=1.5, \
  pearl=1.5, pearls=1.5, cubic zirconia, cz=1.5, body jewelry, belly ring, nose ring, \
  alex and ani, pandora=2, kendra scott=2.5, james avery=2.5, stella and dot=2, \
  charm bracelet, beads=1
Women/Handbags 3: handbag, purse, crossbody, cross body, clutch, wristlet, tote=2, tote bag=2, \
  satchel, hobo bag, shoulder bag, bucket bag, coin purse, coin pouch, pouch=1.5, \
  michael kors=1.5, mk=1, coach=1.5, kate spade=1.5, vera bradley=2, dooney=2, dooney and \
  bourke=2.5, \
  louis vuitton=2, lv=1.5, gucci=1, prada=1, chanel=1, fossil=1, tory burch=1, \
  longchamp=2, speedy=2, neverfull=3, rebecca minkoff=2, marc jacobs=1, betsey johnson=1, \
  thirty one=1.5, diaper bag=0
Women/Accessories 2: scarf, scarves, infinity scarf, headband, head band, hair bow, hair bows, \
  scrunchie, scrunchies, hair accessories, sunnies, mittens, keychain=1.5, key chain=1.5, \
  umbrella, hair ties, bandana, fascinator, watch=1, hair clip, claw clip, barrette
Women/Maternity 3: maternity, nursing bra, nursing top, pregnancy pillow, belly band
Men/Watches 2: watch=2, watches=2, wristwatch, chronograph=2.5, automatic watch, smartwatch=0, \
  rolex=2.5, seiko=2.5, invicta=2.5, citizen=1.5, casio=1.5, g shock=3, gshock=3, \
  mvmt=2.5, daniel wellington=2
Men/Accessories 2: necktie, neck tie, bow tie, tie=1.5, ties=1.5, cufflinks, tie clip, \
  money clip, suspenders, snapback=2, fitted hat=2, dad hat
Men/Bags & Backpacks 2: messenger bag, gym bag, laptop bag=1

Kids/Baby Gear 3: baby carrier, ergobaby, ergo baby, bouncer, baby bouncer, swing=1.5, \
  baby swing, play mat, playmat, activity gym, baby gym, pack n play, pack and play, playpen, \
  baby monitor, walker=1.5, jumper=1, jumperoo, bumbo, high chair, highchair, baby bath, \
  boppy, sling=1.5, wrap carrier, moby wrap, baby wrap, rock n play, baby einstein
Kids/Feeding 3: baby bottle, bottles=1.5, sippy cup, bottle warmer, breast pump, breastfeeding, \
  nursing cover, pacifier, pacifiers, binky, teether, teething, bib, bibs, baby food, formula, \
  medela, avent, dr browns, tommee tippee, munchkin=1.5, similac, enfamil, nuk, nursing pads
Kids/Diapering 3: diaper, diapers, cloth diaper, cloth diapers, diaper bag, wipes=2, \
  diaper genie, changing pad, wipe warmer, pampers, huggies, luvs
Kids/Car Seats & Strollers 3: car seat, carseat, stroller, jogging stroller, umbrella stroller, \
  travel system, booster seat, infant car seat, graco=2, chicco=2, britax=2, uppababy, bob stroller
Kids/Nursery & Kids' Room 3: crib, crib sheet, crib bedding, bassinet, swaddle, swaddles, \
  receiving blanket, baby blanket, muslin, sleep sack, mobile=1.5, nursery, changing table, \
  toddler bed, kids room, crib mattress
Kids/Kids' Accessories 2: baby headband, baby hat, baby bow, kids sunglasses, kids backpack
Kids/Other 1: baby shower, gender reveal

Home/Kitchen & Dining 2.5: mug, mugs, coffee mug, cup=2, cups=2, tumbler, tumblers, \
  travel mug, plate, plates, bowl, bowls, dish, dishes, dinnerware, flatware, silverware, \
  utensils, spatula, whisk, pan, pans, pot=1.5, skillet, cast iron, dutch oven, bakeware, \
  baking, baking sheet, muffin pan, cake pan, cookie cutter, cookie cutters, measuring cups, \
  cutting board, knife set, knives, kitchen, kitchenaid, stand mixer, mixer=1.5, blender=1.5, \
  toaster, keurig, coffee maker, k cups, kcups, instant pot, pressure cooker, slow cooker, \
  crock pot, crockpot, air fryer, waffle maker, pyrex, corningware, tupperware, \
  pampered chef, le creuset, rae dunn=2, yeti=2, rtic=2, contigo, hydro flask, hydroflask, \
  swell bottle, water bottle=1.5, wine glass, wine glasses, glasses=1, glass=1, shot glass, \
  pitcher, teapot, tea set, teacup, kettle, canister, canisters, salt and pepper, \
  napkin, napkins, placemat, placemats, tablecloth, table runner, apron, oven mitt, pot holder, \
  trivet, thermos, starbucks=2, starbucks cup, cold cup, \
  tervis, mason jar, serving, platter, tray=1.5, cake stand, chopsticks, spoon, spoons, fork, \
  forks, ladle, corelle, fiestaware, fiesta ware, lenox, cookware, food storage, dish towel
Home/Home Décor 2: decor, home decor, wall decor, pillow cover, pillow covers, throw pillow, \
  throw pillows, pillow=1.5, pillows=1.5, cushion cover, vase, vases, picture frame, \
  photo frame, frame=1.5, frames=1.5, mirror=1.5, wall mirror, sign=1.5, wood sign, \
  wall art=1.5, wall hanging, tapestry, clock=1.5, wall clock, figurine=1, statue=1.5, \
  sculpture=1.5, plant=1, artificial plant, faux plant, succulent=1, planter, terrarium, \
  decorative, centerpiece, bookends, wreath=1.5, garland=1, dream catcher, dreamcatcher, \
  string lights=1, fairy lights=1, himalayan salt lamp, coaster, coasters, magnet=1, \
  magnets=1, hooks=1, basket=1.5, baskets=1.5, \
  tiered tray
Home/Candles & Home Fragrance 3: candle, candles, 3 wick, three wick, wax melts, wax melt, \
  scentsy, scentsy bar, wallflower, wallflowers, wallflower refill, reed diffuser, \
  yankee candle, room spray, air freshener, incense, \
  wax warmer, tart warmer, candle holder, votive, tealight, tea light, glade, febreze
Home/Bedding 3: comforter, comforter set, duvet, duvet cover, bedding, bed sheets, sheet set, \
  sheets=2, pillowcase, pillowcases, pillow case, pillow shams, sham, shams, quilt, bedspread, \
  blanket=2, blankets=2, throw blanket, fleece blanket, sherpa blanket, weighted blanket, \
  mattress pad, mattress topper, bed skirt, queen=1, king size=1, twin=0.5, full queen=1.5, \
  body pillow, memory foam pillow
Home/Bath 3: towel, towels, bath towel, hand towel, washcloth, shower curtain, bath mat, \
  bath rug, toothbrush holder, soap dispenser, soap dish, bathroom, bath accessories
Home/Storage & Organization 2.5: storage, organizer, organizers, storage bin, bins, container, \
  containers, shelf, shelves, drawer organizer, closet organizer, hangers, hanger, jewelry box, \
  jewelry organizer, shoe rack, storage box, storage basket, caddy
Home/Furniture 3: chair, chairs, table=2, desk=2, dresser, nightstand, sofa, couch, ottoman, \
  bookshelf, bookcase, bed frame, headboard, futon, bench=2, stool, stools, cabinet, \
  coffee table, end table, side table, tv stand, vanity=1.5, recliner, loveseat
Home/Lighting 3: lamp, lamps, table lamp, floor lamp, lamp shade, lampshade, night light, \
  chandelier, light fixture, pendant light, led strip, light bulbs, bulbs=1.5, sconce, lantern=1.5
Home/Artwork 2.5: canvas print, art print, framed print, poster=2, posters=2, painting=2, \
  oil painting, watercolor painting, lithograph, wall art=2, print=1.5, signed print
Home/Seasonal Décor 3: christmas tree, ornament, ornaments, stocking, \
  stockings, nativity, fall decor, advent calendar, christmas decor, halloween decor, \
  department 56, dept 56, tree skirt, christmas village, easter basket, wrapping paper, \
  gift wrap, tree topper, christmas lights, holiday decor, seasonal decor, easter decor, \
  thanksgiving decor, valentines decor, christmas gnome, christmas wreath, halloween wreath
Home/Cleaning Supplies 3: vacuum, dyson=2, shark=1.5, roomba, mop, steam mop, broom, \
  cleaning, cleaner, laundry detergent, detergent, norwex, swiffer, dryer sheets, \
  carpet cleaner, bissell, lysol, clorox, scrubber
Home/Home Appliances 3: appliance, microwave, space heater, heater=2, fan=1.5, tower fan, \
  air purifier, humidifier, dehumidifier, iron=1.5, steamer=1.5, sewing machine=0, \
  water filter, brita, sodastream, espresso machine, nespresso, juicer, food processor, \
  vitamix, ninja=1.5, nutribullet, bread maker, rice cooker, ice maker, dishwasher
Home/Garden & Outdoor 3: garden, gardening, planter=1.5, pots=1, flower pot, seeds, hose, \
  patio, outdoor decor, bird feeder, wind chime, wind chimes, lawn, grill, bbq, fire pit, \
  hammock, solar lights, garden flag, outdoor cushions, shovel=1.5, rake

Electronics/Cell Phones & Smartphones 3: iphone=2.5, iphone 6=3, iphone 7=3, iphone 8=3, \
  iphone x=3, iphone xr=3, iphone 11=3, iphone 12=3, iphone 13=3, samsung galaxy, galaxy s7, \
  galaxy s8, galaxy s9, galaxy s10, galaxy note, note 8=2, pixel phone, google pixel, \
  smartphone, cell phone, cellphone, unlocked=2.5, verizon=2, t mobile=2, at and t=2, \
  sprint=2, boost mobile, cricket=1.5, metro pcs, metropcs, straight talk, tracfone, \
  android phone, flip phone, lg phone, motorola=2, moto g, 64gb=1.5, 128gb=1.5, 16gb=1, \
  32gb=1, 256gb=1.5, phone=2, phones=2
Electronics/Phone Cases & Accessories 3: phone case, iphone case, case iphone, iphone cases, \
  otterbox, lifeproof, popsocket, popsockets, pop socket, phone grip, screen protector, \
  tempered glass, phone charger, charger=2.5, charging cable, lightning cable, usb cable, \
  cable=2, cord=1.5, power bank, portable charger, battery pack, wireless charger, car mount, \
  phone holder, phone stand, selfie stick, case=1.5, cases=1.5, wallet case, \
  galaxy case, samsung case, adapter=2, charging, charger block, wall charger, car charger, \
  sd card, memory card, micro sd
Electronics/Computers & Laptops 3: laptop, laptops, macbook, macbook pro, macbook air, \
  chromebook, notebook computer, desktop computer, desktop, pc=2, gaming pc, imac, \
  thinkpad, dell=2, hp laptop, lenovo=2, asus=1.5, acer=1.5, surface pro, computer=2
Electronics/Tablets & eReaders 3: ipad, ipad mini, ipad air, ipad pro, tablet, kindle, \
  kindle fire, fire tablet, nook, e reader, ereader, galaxy tab, tab=1, kindle paperwhite, \
  leapfrog tablet=0, ipad case=3
Electronics/Computer Accessories & Parts 3: keyboard, mouse, mouse pad, mousepad, monitor, \
  webcam, usb hub, hard drive, external hard drive, ssd, flash drive, usb drive, thumb drive, \
  ram, graphics card, gpu, cpu, motherboard, router, modem, wifi, printer=2, ink=0, \
  laptop case, laptop sleeve, laptop bag=2, laptop charger, macbook case, razer=2, \
  logitech=2, corsair=2, steelseries=2, gaming mouse, gaming keyboard, mechanical keyboard, \
  ipad keyboard, apple pencil, stylus, hdmi, hdmi cable, ethernet, dvd drive
Electronics/Video Games 3: video game, video games, game=1.5, games=1.5, ps4 game, ps3 game, \
  xbox one game, xbox 360 game, wii game, wii u game, switch game, ds game, 3ds game, \
  pokemon sun, pokemon moon, pokemon x, pokemon y, pokemon ultra, mario kart, super mario=2, \
  zelda, breath of the wild, call of duty, cod=1.5, grand theft auto, gta=2, fifa=2, madden=2, \
  nba 2k=2.5, 2k17, 2k18, 2k19, minecraft=2, fortnite=1.5, halo=2, battlefield=2, \
  assassins creed, final fantasy=2, kingdom hearts=2, skyrim, fallout=2, overwatch, \
  destiny=1.5, animal crossing, smash bros, super smash, splatoon, kirby=1.5, \
  sonic=1.5, game boy game, gamecube game, n64 game, nintendo ds game, complete in box, cib=2, \
  pokemon red, pokemon blue, pokemon yellow, pokemon silver, pokemon gold, pokemon crystal, \
  pokemon emerald, pokemon ruby, pokemon sapphire, red dead, resident evil, just dance, \
  lego star wars game, disney infinity, skylanders=2, amiibo=2.5, greatest hits, \
  steam code=2, digital code=1, pc game
Electronics/Video Game Consoles 3: ps4, ps3, ps2, ps5, playstation, playstation 4, \
  playstation 3, ps vita, psp, xbox, xbox one, xbox 360, nintendo switch, switch console, \
  switch lite, wii u, wii=2.5, nintendo wii, nintendo ds, ds lite, dsi, 3ds, 3ds xl, 2ds, \
  new 3ds, game boy, gameboy, game boy advance, gba, gamecube, game cube, n64, nintendo 64, \
  snes, super nintendo, nes, sega genesis, sega, dreamcast, atari, console, gaming console, \
  nintendo=2, nes classic, snes classic
Electronics/Video Game Accessories 3: controller, controllers, joy con, joycon, joy cons, \
  pro controller, dualshock, gamepad, gaming headset, turtle beach, astro a40, \
  charging dock, charging station, memory card=2, skin=1, console skin, carrying case=1.5, \
  game case, nunchuck, wii remote, wiimote, wheel=1, controller skin, psn card, xbox live
Electronics/TV & Video 3: tv, television, smart tv, roku, fire stick, firestick, fire tv, \
  chromecast, apple tv, projector, dvd player, blu ray player, tv mount, remote=1.5, \
  antenna, hdtv, streaming, security camera, surveillance, ring doorbell, dash cam=2, \
  vizio, tcl
Electronics/Headphones & Audio 3: headphones, headphone, earbuds, earphones, airpods, \
  air pods, beats=2.5, beats solo, beats studio, powerbeats, bose, jbl, bluetooth speaker, \
  speaker, speakers, soundbar, sound bar, subwoofer, amplifier, amp=1.5, receiver=2, \
  turntable, record player, stereo, skullcandy, sony headphones, wireless earbuds, \
  noise cancelling, mp3, mp3 player, ipod, ipod touch, ipod nano, ipod classic, microphone, \
  mic=1.5, karaoke, bluetooth=1.5, wireless=1, audio=2, headset=2, beats by dre, \
  urbeats, echo dot=0
Electronics/Cameras & Photography 3: camera, cameras, digital camera, dslr, mirrorless, \
  lens, lenses=1.5, camera lens, canon=2, nikon=2.5, gopro, go pro, polaroid=2, \
  instax, fujifilm=2, instant camera, camera bag, tripod, ring light, flash=1.5, \
  film camera, 35mm, camcorder, drone, dji, sd card=1.5, lens cap
Electronics/Wearables & Smart Home 3: apple watch, apple watch band, smartwatch, smart watch, \
  fitbit, fitbit charge, fitbit band, garmin=2, echo dot, amazon echo, alexa, google home, \
  google nest, nest=1.5, smart plug, smart bulb, ring camera, wyze, samsung gear, gear s3, \
  galaxy watch, watch band=2, band=1, iwatch
Electronics/Media (DVD, Blu-ray, CD) 3: dvd, dvds, blu ray, bluray, blu ray dvd, cd, cds, \
  vinyl record, vinyl records, record=1.5, records=1.5, lp=2, album=2, vhs, cassette, \
  cassette tape, soundtrack, box set=1.5, complete series, season 1, season 2, \
  the complete, 4k ultra hd, digital copy, dvd set, movie=2, movies=2, disney dvd, \
  disney movie, cd album, signed cd
Electronics/Car Electronics 3: car stereo, car radio, car speakers, car audio, radar detector, \
  backup camera, gps=2, garmin gps, tomtom, cb radio
Electronics/Other 1.5: electronics, electronic, battery=1.5, batteries=1.5, calculator=1, \
  usb=1.5, led=1, power supply, extension cord, surge protector, apple=1.5, samsung=2, \
  sony=1.5, lg=1.5, walkie talkie

Toys & Collectibles/Action Figures & Statues 3: action figure, action figures, figure=1.5, \
  figures=1.5, marvel legends, star wars black series, black series, transformers, \
  transformer, gi joe, wwe figure, wrestling figure, hasbro=1.5, mcfarlane, neca, \
  bandai=2, figma, nendoroid, figuarts, statue=1.5, bust=1, power rangers, \
  teenage mutant ninja turtles, tmnt, he man, motu, jurassic world=1.5, imaginext, \
  playmobil=2.5, batman=1, spiderman=1, spider man=1, marvel=1.5, dc comics=1, \
  avengers=1.5, star wars=1.5, superhero=1.5
Toys & Collectibles/Dolls & Accessories 3: doll, dolls, barbie, barbies, american girl, \
  ag doll, our generation, baby alive, bratz, monster high, ever after high, lol surprise, \
  lol dolls, lol doll, l o l surprise, lol, polly pocket, my little pony, mlp, \
  cabbage patch, reborn, reborn doll, dollhouse, doll house, doll clothes, \
  calico critters, sylvanian families, blythe, rainbow high, shopkins, hatchimals, \
  hatchimal, littlest pet shop, lps, num noms, trolls=1.5, disney princess=1.5, \
  frozen=1, elsa=1.5, anna=0.5, ken doll, enchantimals, porcelain doll
Toys & Collectibles/Building Toys 3: lego, legos, lego set, duplo, mega bloks, \
  minifigure, minifigures, minifig, minifigs, k nex, knex, magna tiles, lincoln logs, \
  building blocks, blocks=1.5, nanoblock, lego friends, lego technic, lego city
Toys & Collectibles/Stuffed Animals & Plush 3: plush, plushie, plushies, stuffed animal, \
  stuffed animals, stuffed, teddy bear, beanie baby, beanie babies, beanie boo, beanie boos, \
  ty=2, build a bear, squishmallow, squishmallows, pillow pet, pillow pets, webkinz, \
  tsum tsum, tsum tsums, jellycat, care bear, care bears, gund, plush toy, \
  stuffed toy, build a bear clothes
Toys & Collectibles/Games & Puzzles 3: board game, board games, card game, puzzle, puzzles, \
  jigsaw, jigsaw puzzle, monopoly, scrabble, uno, jenga, clue=2, cards against humanity, \
  exploding kittens, chess, checkers, dominoes, yahtzee, trivial pursuit, game night, \
  rubiks cube, rubiks, magic 8 ball, ouija, party game, dice=2, dungeons and dragons, \
  d and d, warhammer=2
Toys & Collectibles/Trading Cards 3: pokemon cards, pokemon card, pokemon tcg, tcg, \
  trading cards, trading card, yugioh, yu gi oh, magic the gathering, mtg, booster box, \
  booster pack, booster packs, elite trainer box, holo=2.5, reverse holo, full art, \
  ex=1.5, gx=2.5, vmax, psa=2, bgs=2, graded=2, card lot, cards lot, rookie card=1.5, \
  rookie=1, rc=1, topps=2, panini=2, upper deck=2, prizm, bowman, donruss, fleer=1.5, \
  card=1.5, cards=1.5, pokemon=2, charizard=2.5, pikachu=1, first edition=1.5, \
  1st edition=1.5, shadowless, base set, jumbo card
Toys & Collectibles/Collectible Figures 3: funko, funko pop, funko pops, pop vinyl, \
  vinyl figure, pop=1.5, pops=1.5, chase=1.5, vaulted, exclusive=1, hot topic exclusive, \
  gamestop exclusive, dorbz, mystery minis, kidrobot, blind box, blind bag, figurine=1.5, \
  hummel=0, precious moments=0, disney figurine, pint size heroes
Toys & Collectibles/Vehicles & Remote Control 3: hot wheels, hotwheels, matchbox, diecast, \
  die cast, rc car, remote control, remote control car, rc truck, rc helicopter, \
  toy car, toy cars, toy truck, train set, thomas the train, thomas and friends, \
  brio, tonka, monster truck, nascar diecast, 1 64, 1 24, 1 18, lionel
Toys & Collectibles/Learning & Educational Toys 3: leapfrog, vtech, educational, \
  learning toy, flash cards, flashcards, stem toy, science kit, microscope=1.5, \
  melissa and doug=2, melissa doug=2, abc, alphabet=1.5, learning=1.5, montessori
Toys & Collectibles/Baby & Toddler Toys 3: baby toy, baby toys, toddler toy, toddler toys, \
  infant toy, rattle, stacking, shape sorter, fisher price=2.5, fisherprice=2.5, \
  little tikes=2, playskool, sensory toy, teething toy, activity cube, push toy, \
  pull toy, baby einstein toy, bath toys, bath toy
Toys & Collectibles/Dress Up & Pretend Play 3: dress up, costume, costumes, halloween costume, \
  cosplay, play kitchen, toy kitchen, play food, pretend play, tea party, tiara=1.5, \
  princess dress up, wand=1.5, kids costume, mask=1, wig=0
Toys & Collectibles/Electronic Toys 3: furby, tamagotchi, fingerlings, hatchimals=1, \
  zoomer, robot, robot toy, interactive, fidget spinner, fidget spinners, fidget, \
  fidget cube, kids tablet, toy camera, walkie talkies, laser tag, nerf=0
Toys & Collectibles/Outdoor Toys 3: nerf, nerf gun, water gun, water guns, bubbles=1.5, \
  bubble machine, kite, sandbox, sand toys, pool toy, pool float, inflatable, trampoline, \
  swing set, slide=1.5, scooter=2, razor scooter, hoverboard, power wheels, ride on, \
  frisbee, jump rope=1, sidewalk chalk, water balloons, splash pad
Toys & Collectibles/Party Supplies 3: party supplies, party favors, party favor, \
  birthday party, balloons, balloon, banner=1.5, cake topper, cupcake toppers, \
  party decorations, pinata, confetti, invitations, party pack, goodie bags, \
  party plates, streamers, birthday=1.5, bachelorette
Toys & Collectibles/Hobbies 3: model kit, model kits, gundam, gunpla, model train, \
  rc plane, airsoft, slot car, rocket kit, magic tricks, yo yo, model car
Toys & Collectibles/Other 2: toy, toys, toy lot, kids toy, squishy, squishies, slime, \
  slimes, fluffy slime, butter slime, kinetic sand, play doh, playdoh, putty, \
  disney toy, happy meal, mcdonalds toys, surprise eggs, beyblade, beyblades, \
  bakugan, pokemon plush=3, stress ball, magnetic=1, kids=0, marble, \
  marbles=1.5, pogs, tech deck, fingerboard, spinning top

Vintage & Collectibles/Antiques 3: antique, antiques, victorian, circa, 1800s, 19th century, \
  primitive, cast iron bank, depression era=2, edwardian, art deco=2, mid century=2, \
  mcm=2, 1900s, 1920s=2, 1930s=2, 1940s=2, 1950s=2
Vintage & Collectibles/Figurines & Glass 3: depression glass, carnival glass, milk glass, \
  crystal=1.5, cut glass, fenton, hummel, precious moments, lladro, royal doulton, \
  porcelain=1.5, porcelain figurine, ceramic figurine, figurine=1.5, figurines=1.5, \
  boyds bears, cherished teddies, jadeite, fire king, anchor hocking, waterford, \
  goebel, murano, hull pottery, mccoy, roseville, willow tree=2.5, lenox=1
Vintage & Collectibles/Sports Memorabilia 3: autograph, autographed, signed=2, \
  signed baseball, signed football, jsa, bobblehead, bobble head, game used, \
  memorabilia, sports card, sports cards, baseball card, baseball cards, \
  football card, football cards, basketball card, basketball cards, hockey card
Vintage & Collectibles/Coins & Currency 3: coin, coins, silver dollar, morgan dollar, \
  peace dollar, half dollar, quarter=1.5, quarters=1.5, penny, pennies, nickel=1.5, dime=1.5, \
  proof set, mint set, bullion, silver bar, silver round, troy oz, 1 oz, gold coin, \
  currency, banknote, bank note, dollar bill, two dollar bill, ngc, pcgs, uncirculated, \
  state quarters, commemorative
Vintage & Collectibles/Stamps 3: postage stamps, stamp collection, first day cover, \
  usps stamps, forever stamps, stamps=1.5
Vintage & Collectibles/Comics 3: comic, comics, comic book, comic books, issue=1.5, \
  variant cover, cgc=2.5, first appearance, 1st appearance, key issue, marvel comics, \
  dc comic, image comics, manga=0
Vintage & Collectibles/Vintage Electronics 2: walkman, rotary phone, vintage camera, \
  polaroid land camera, tube radio, transistor radio
Vintage & Collectibles/Other 1.5: collectible, collectibles, collector, collectors, \
  limited edition=1, memorabilia=1.5, souvenir, pin=1.5, pins=1.5, disney pin, \
  disney pins, enamel pin, trading pin, patch=1, patches=1, postcard, postcards, \
  coca cola=2, zippo=2.5, lighter=2, pez=2, snow globe=2

Sports & Outdoors/Exercise & Fitness 3: yoga mat, yoga, dumbbell, dumbbells, kettlebell, \
  weights=2, resistance bands, resistance band, exercise, workout, fitness=2, \
  exercise bike, treadmill, elliptical, jump rope, foam roller, ab roller, pull up bar, \
  gym=1.5, protein shaker, shaker bottle, blender bottle, weight lifting, lifting belt, \
  lifting gloves, beachbody, 21 day fix, p90x, insanity, fitness tracker=1, \
  waist trainer=2, waist trimmer, sweat belt, yoga block, bosu, exercise ball
Sports & Outdoors/Fan Shop 1.5: nfl, nba, mlb, nhl, ncaa, fan=1, jersey=1.5, jerseys=1.5, \
  dallas cowboys, cowboys=1.5, patriots, steelers, packers, green bay, seahawks, 49ers, \
  raiders, broncos, eagles=1.5, giants=1.5, chicago bears, bears=0.5, dodgers, yankees, \
  red sox, cubs, cardinals=1, warriors=1, lakers, cavaliers, cavs, celtics, bulls=1, \
  golden state, chicago cubs, astros, braves, mets, reds=1, rangers=1, \
  university=1, college=0.5, alabama=1, crimson tide, ohio state, notre dame, \
  team=1, fanatics, sports fan, game day=1.5, gameday=1.5, tailgate
Sports & Outdoors/Fan Shop 1.5: real madrid, fc barcelona, barcelona=1, manchester united, \
  man united, manchester city, man city, chelsea fc, arsenal=1, liverpool fc, liverpool=1, \
  bayern munich, bayern, juventus, psg, paris saint germain, ac milan, inter milan, \
  tottenham, borussia dortmund, la galaxy, seattle sounders, usmnt, uswnt, mls, \
  premier league, fifa world cup=2
Sports & Outdoors/Team Sports 3: baseball, softball, football=2, basketball=2, soccer=2, \
  volleyball, hockey, lacrosse, cleats=2, baseball bat, bat=1.5, glove=1, batting gloves, \
  shin guards, soccer ball, basketball hoop, football gloves, catchers, \
  wilson=1.5, rawlings, easton, louisville slugger, mizuno=1, cheer=2, cheerleading, \
  cheer bow, dance=1, gymnastics, leotard=1.5, ballet=1.5, tennis=2, tennis racket, \
  racquet, pickleball, badminton, referee
Sports & Outdoors/Camping & Hiking 3: tent, camping, sleeping bag, backpacking, hiking=2, \
  hiking boots=0, hydration pack, camelbak, headlamp, lantern=1.5, camp stove, cooler=2, \
  compass, binoculars, survival, paracord, hammock=1.5, trekking poles, outdoor=1, \
  multitool, pocket knife, knife=1.5, flashlight=1.5
Sports & Outdoors/Cycling 3: bike, bicycle, cycling, bike helmet, mountain bike, \
  road bike, bmx, bike lock, bike rack, bike light, spin shoes, peloton=2
Sports & Outdoors/Golf 3: golf, golf balls, golf clubs, golf club, putter, driver=1.5, \
  irons=1.5, wedge=1, golf bag, titleist, callaway, taylormade, ping=1.5, golf shirt=0
Sports & Outdoors/Fishing & Hunting 3: fishing, fishing rod, fishing reel, reel=1.5, \
  lure, lures, tackle, tackle box, bait, hunting, camo=1, camouflage=1, bow=0.5, \
  crossbow, arrows, decoy, tree stand, trail camera, scope=1.5, holster, ammo, \
  duck call, deer, bass pro
Sports & Outdoors/Water Sports 3: swim goggles, goggles=1.5, snorkel, wetsuit, \
  life jacket, kayak, paddle board, surfboard, boogie board, water skis, swim fins, \
  swim cap, dive
Sports & Outdoors/Winter Sports 3: ski, skis, snowboard, snowboarding, ski goggles, \
  ski jacket=2, snow pants=1.5, ice skates, skates=2, sled, ski boots, snowboard boots
Sports & Outdoors/Other 1.5: sports, skateboard, longboard, roller skates, rollerblades, \
  helmet=1.5, boxing, boxing gloves, punching bag, mma, martial arts, karate, \
  archery, darts, pool cue, bowling, bowling ball, horse=1, equestrian, saddle, riding boots=0

Books/Children's Books 3: childrens book, childrens books, kids book, kids books, \
  board book, board books, picture book, picture books, dr seuss, little golden book, \
  golden books, magic tree house, berenstain bears, boxcar children, junie b jones, \
  baby books, usborne, bedtime stories, story book, storybook, touch and feel, \
  lift the flap, very hungry caterpillar, eric carle, llama llama, pete the cat
Books/Literature & Fiction 3: novel, novels, paperback, hardcover, hardback, fiction, \
  book, books, book set, book series, book lot, books lot, series=1, harry potter book, \
  harry potter books, hunger games, twilight=1.5, nicholas sparks, stephen king, \
  james patterson, john green, colleen hoover, jane austen, first edition book, \
  signed book, classic novel, boxed set, box set=1, trilogy, audiobook, audio book, \
  kindle book, ya=1.5, young adult, romance novel, mystery=1, thriller=1, chapter books=0
Books/Nonfiction 3: biography, memoir, self help, history book, nonfiction, non fiction, \
  true crime, autobiography, business book, psychology book, travel guide
Books/Textbooks & Education 3: textbook, textbooks, text book, workbook, study guide, \
  mcgraw hill, pearson=2.5, cengage, wiley=2, edition=0.5, 1st edition=0, 2nd edition, \
  3rd edition, 4th edition, 5th edition, 6th edition, 7th edition, 8th edition, 9th edition, \
  10th edition, isbn, homeschool, curriculum, sat prep, act prep, nclex, lsat, mcat, \
  teacher edition, loose leaf, access code, lab manual, anatomy=1.5
Books/Comics & Graphic Novels 3: graphic novel, graphic novels, manga, manga lot, \
  volume=2, vol=2, tankobon, shonen jump, webtoon
Books/Magazines 3: magazine, magazines, vogue magazine, playboy, national geographic, \
  issue magazine, catalog=1
Books/Cookbooks 3: cookbook, cookbooks, cook book, recipe book, recipes=2, \
  taste of home, betty crocker
Books/Religion & Spirituality 3: bible, holy bible, kjv, niv, esv, devotional, \
  prayer book, christian book, scripture, quran, bible study, journaling bible
Books/Other 1: author, authors, reading, read=0.5, library, lot of books

Pet Supplies/Dogs 3: dog, dogs, puppy, dog collar, dog leash, leash, harness=2, dog bed, \
  dog toy, dog toys, dog treats, dog food, dog crate, crate=1.5, kennel, dog bowl, \
  dog sweater, dog clothes, dog costume, dog harness, pet carrier, kong, chew toy, \
  doggie, doggy, poop bags, pet=2, pets=2, pet bed, pet supplies, pet toy, flea, \
  heartworm, frontline, seresto, nexgard, bark box, barkbox, petsmart, petco
Pet Supplies/Cats 3: cat tree, cat toy, cat toys, cat bed, cat litter, litter box, \
  litter, scratching post, cat scratcher, catnip, cat food, cat collar, kitty, kitten, \
  cat treats, cat carrier
Pet Supplies/Fish & Aquatic 3: aquarium, fish tank, fish food, betta, aquarium filter, \
  aquarium heater, aquatic, gallon tank
Pet Supplies/Birds 3: bird cage, birdcage, parrot, bird toy, bird toys, parakeet, \
  cockatiel, bird seed
Pet Supplies/Small Animals 3: hamster, guinea pig, rabbit hutch, bunny cage, ferret, \
  small animal, chinchilla, hamster cage, rat cage, gerbil, timothy hay
Pet Supplies/Reptiles 3: reptile, terrarium=1.5, bearded dragon, gecko, leopard gecko, \
  snake=1.5, tortoise, turtle=1, heat lamp, reptile tank, vivarium

Handmade/Paper Goods & Stickers 2: handmade card, handmade cards, stickers=1.5, sticker=1.5, \
  decal, decals, vinyl decal, car decal, laptop stickers, yeti decal, custom decal, \
  bookmark, bookmarks, greeting card=1.5, greeting cards=1.5, printable, wedding invitations, \
  sticker sheet, die cuts, journaling cards
Handmade/Art 1.5: original art, original painting, hand painted, handpainted, drawing=1.5, \
  sketch=1.5, illustration, commission, fan art
Handmade/Other 1: handcrafted, hand crafted, homemade, hand made, custom made, made to order, \
  personalized=1.5, personalised=1.5, monogram=1.5, monogrammed=1.5, custom=1, \
  etsy=2, resin=1.5, crochet=0.5, knitted=0.5, hand knit, hand sewn, macrame=1.5

Arts & Crafts/Painting & Drawing 3: acrylic paint, acrylic paints, oil paint, oil paints, \
  watercolor, watercolors, watercolour, paint set, paints=2, paint brush, paint brushes, \
  paintbrush, canvas=1.5, canvases, easel, sketchbook, sketch book, drawing pad, \
  colored pencils, coloured pencils, prismacolor, copic, copic markers, markers=2, \
  pastels, charcoal, art supplies, art set, adult coloring book, coloring book=2, \
  coloring books=2, paint pens, posca, liquitex, winsor newton, brush pens, calligraphy, \
  diamond painting, paint by number, paint by numbers
Arts & Crafts/Sewing & Fabric 3: fabric, fabrics, quilting fabric, fat quarter, \
  fat quarters, sewing, sewing machine, sewing pattern, pattern=1.5, patterns=1.5, thread=2, \
  serger, embroidery, embroidery floss, cross stitch, needlepoint, quilting, \
  cotton fabric, yard=1.5, yards=2, bolt=1, felt=1.5, notions, buttons=1.5, ribbon=2, \
  ribbons=2, trim=1, applique, interfacing, rotary cutter, brother=1, singer=2, janome
Arts & Crafts/Knitting & Crochet 3: yarn, yarn lot, skein, skeins, knitting, knitting needles, \
  crochet hook, crochet hooks, crochet pattern, knitting pattern, lion brand, red heart, \
  caron, bernat, loom, knitting loom, chunky yarn
Arts & Crafts/Scrapbooking & Paper Crafts 3: scrapbook, scrapbooking, scrapbook paper, \
  cardstock, card stock, washi tape, washi, stamps=1, clear stamps, rubber stamps, \
  stamp set, stampin up, ink pad, die cut, dies, embossing, paper pad, punch=1.5, \
  paper punch, cricut, silhouette cameo, cricut maker, cricut explore, heat transfer vinyl, \
  htv, adhesive vinyl, vinyl sheets, oracal, siser, sticker paper, glitter cardstock
Arts & Crafts/Beading & Jewelry Making 3: jewelry making, bead, bead lot, seed beads, \
  beading, jewelry findings, findings, jump rings, clasps, charms lot, beading wire, \
  jewelry supplies, pony beads, perler beads, perler, hama beads
Arts & Crafts/Craft Supplies 2.5: craft, crafts, craft supplies, craft lot, diy=2, \
  glitter=1.5, glue gun, hot glue, mod podge, pom poms, pipe cleaners, \
  googly eyes, foam sheets, clay=2, polymer clay, sculpey, fimo, resin mold, silicone mold, \
  mold=1.5, molds=1.5, epoxy, candle making, soap making, jars=1, wood slices, \
  craft paper, tissue paper, burlap, floral foam, artificial flowers=1.5, fake flowers=1.5, \
  wreath supplies, rhinestones, sequins, stencil, stencils

Office/Office Supplies 3: office supplies, office, stapler, staples, paper clips, \
  binder clips, pens=2, pen=1.5, gel pens, pencils=2, pencil=1.5, sharpie, sharpies, \
  highlighters, post it, post its, sticky notes, notepad, desk organizer, file folders, \
  folder=1.5, folders=1.5, label maker, labels=1.5, tape dispenser, envelopes, \
  printer paper, copy paper, clipboard, whiteboard, dry erase, pilot g2, stationery, \
  stationary, fountain pen, mont blanc=1.5, rolling cart=1
Office/School Supplies 3: school supplies, backpack=0.5, binder, binders, notebook=2, \
  notebooks=2, composition notebook, spiral notebook, pencil case, pencil pouch, \
  crayons, glue sticks, scissors, ruler, protractor, graphing calculator, ti 84, ti 83, \
  ti 84 plus, index cards, lunch bag=0, loose leaf paper
Office/Shipping & Packing Supplies 3: poly mailers, poly mailer, bubble mailers, \
  bubble mailer, mailers, shipping boxes, shipping supplies, packing tape, bubble wrap, \
  packing peanuts, thermal labels, shipping labels, label printer, dymo, rollo, \
  tissue paper=1, shipping scale, postal scale, bench scale=2.5, thank you stickers, \
  thank you sticker, thank you cards=2.5, packing slips
Office/Office Electronics 3: printer, laser printer, inkjet, scanner, shredder, \
  paper shredder, laminator, calculator=2, label printer=2, typewriter, fax
Office/Ink & Toner 3: ink cartridge, ink cartridges, toner, toner cartridge, ink=1.5, \
  hp ink, canon ink, epson ink, printer ink
Office/Planners & Calendars 3: planner, planners, happy planner, erin condren, ec planner, \
  planner stickers, planner sticker, agenda, calendar, daily planner, weekly planner, \
  planner kit, sticker kit, weekly kit, journal=2, bullet journal, filofax, \
  travelers notebook, planner inserts, inserts=1.5, dashboard=1, passion planner

Tools/Power Tools 3: drill, cordless drill, impact driver, circular saw, jigsaw=1, \
  miter saw, table saw, reciprocating saw, sawzall, sander, orbital sander, grinder, \
  angle grinder, rotary tool, dremel, nail gun, router=1, power tool, power tools, \
  dewalt, milwaukee, makita, ryobi, bosch=1.5, black and decker, porter cable, ridgid, \
  hitachi=1.5, kobalt, 20v, 18v, battery charger=1, heat gun, oscillating tool, \
  air compressor, pressure washer, chainsaw, leaf blower, weed eater, hedge trimmer
Tools/Hand Tools 3: wrench, wrenches, socket set, sockets, ratchet, screwdriver, \
  screwdrivers, hammer, pliers, vise grip, hex keys, allen wrench, utility knife, \
  hand saw, clamps, chisel, pry bar, tool set, tool kit, toolkit, tools=2, tool=1.5, \
  craftsman=2, snap on, snap-on, husky, multi tool
Tools/Tool Storage 3: toolbox, tool box, tool chest, tool bag, tool belt, tool organizer
Tools/Measuring & Layout 3: tape measure, measuring tape=1.5, level=1.5, laser level, \
  stud finder, square=1, caliper, calipers, multimeter
Tools/Hardware 3: screws, nails=1, bolts, nuts=1, anchors, hinges, door knob, doorknob, \
  cabinet pulls, drawer pulls, knobs, padlock, lock=1, hardware, faucet, shower head, \
  plumbing, pipe=1, electrical, outlet, light switch, wire=1
Tools/Automotive Tools 3: floor jack, jack stands, obd2, obd ii, code reader, torque wrench, \
  battery charger car, jumper cables, jump starter, creeper, mechanic
Tools/Other 1.5: workbench, ladder, safety glasses, work gloves, shop vac, welding, welder

Other/Health & Personal Care 2.5: contact lens, toothbrush, electric \
  toothbrush, sonicare, oral b, \
  teeth whitening, whitening strips, crest whitestrips, floss, mouthwash, toothpaste, \
  razor blades, tampons, pads=1.5, menstrual cup, condoms, pregnancy test, \
  ovulation test, thermometer, massager, massage, heating pad, tens unit, \
  posture corrector, first aid, \
  contact lenses, reading glasses, hearing aid, plexus, it works, wraps=1, thrive, \
  weight loss, diet, \
  detox, keto=1.5, cbd=1.5, hemp=1.5, ear plugs, humidifier=1
Other/Vitamins & Supplements 3: vitamins, vitamin, supplement, supplements, \
  protein powder, protein, pre workout, preworkout, collagen, biotin, probiotic, \
  probiotics, multivitamin, fish oil, melatonin, gummies=1.5, capsules, tablets=1.5, \
  herbalife, shakeology, advocare, isagenix, bcaa, creatine, whey, garcinia, \
  apple cider vinegar, fat burner, sugar free=0.5
Other/Medical Supplies 3: blood pressure monitor, glucose meter, test strips, \
  nebulizer, cpap, wheelchair, walker=1, crutches, knee brace, brace=1.5, \
  back brace, ankle brace, wrist brace, compression sleeve, medical, scrubs=2, \
  stethoscope, littmann, pulse oximeter, gauze, bandages
Other/Automotive 3: car, cars=1, truck=1.5, auto, automotive, floor mats, car floor mats, \
  seat covers, car seat covers, steering wheel cover, headlight, headlights, tail light, \
  tail lights, license plate, license plate frame, car cover, wiper blades, motor oil, \
  tires, tire, rims, hubcaps, car accessories, motorcycle, jeep=1.5, ford=1.5, \
  chevy=1.5, toyota=1.5, honda=1, dodge=1.5, oem=1.5, air freshener car
Other/Gift Cards & Tickets 3: gift card, gift cards, giftcard, egift, e gift card, \
  tickets, ticket, concert tickets, movie tickets, voucher, coupon, coupons, \
  gift certificate, amc, fandango, disneyland tickets, itunes card, google play card
Other/Household Supplies 2.5: paper towels, toilet paper, trash bags, batteries=1, \
  ziploc, aluminum foil, light bulbs=1, cleaning wipes, dish soap, sponges, \
  household, laundry=2, tide pods, dryer balls
Beauty/Makeup 2.5: lip scrub, lip mask, lip cream, liquid lip, matte liquid lipstick, \
  lip plumper, lip tint, lip crayon, lip pencil, brow kit, eyebrow kit, brow wax, \
  highlighter palette, blush palette, bronzer palette, eyeshadow single, pressed pigment, \
  loose pigment, glitter gel, face primer, pore filler, foundation stick, skin tint, \
  cream blush, liquid highlighter, makeup set, makeup bundle, makeup lot, mascara set, \
  lash serum, lash primer, magnetic lashes, strip lashes, 3d mink, eyeliner pencil, \
  waterproof mascara, setting mist, finishing powder, translucent powder, banana powder, \
  tarte tape, hoola, benefit hoola, they re real, better than sex mascara, lash paradise, \
  sky high, soap brows, fix plus, prep and prime, studio fix, pro filtr, killawatt, \
  gloss bomb, match stix, stunna, diamond bomb, kylie lip kit, kkw beauty, kkw=1.5, ciate, \
  zoeva, sigma=2, real techniques, jeffree, melt cosmetics, viseart, tooFaced, sonia kashuk, \
  physicians, bobbi, nudestix, ilia, tower 28, kosas, saie, merit beauty, about face, \
  haus labs, patrick ta, danessa myricks, makeup by mario, one size beauty, half magic, \
  pixi=2, trestique, l oreal=2, almay, rimmel, essence=1.5, catrice, nyx professional, \
  wet and wild, flower beauty, em cosmetics, lancome mascara, dior lip, chanel lipstick, \
  ysl lipstick
Beauty/Skin Care 2.5: face cream, moisturiser, night serum, eye serum, lip treatment, \
  toning, essence toner, sleeping mask, overnight mask, mud mask, charcoal mask, \
  exfoliating pads, peel pads, face scrub, facial cleanser, cleansing balm, cleansing oil, \
  makeup wipes, jade roller, gua sha, face roller, led mask, derma roller, hyaluronic acid, \
  niacinamide, aha, bha, salicylic, benzoyl, retinal, korean skincare, k beauty, cosrx, \
  laneige, sulwhasoo, innisfree, missha, fresh=1.5, ole henriksen, summer fridays, \
  herbivore, tula, supergoop, elemis, lancer, dr dennis gross, kate somerville, algenist, \
  dr jart, belif, farmacy, boscia, caudalie, avene, eucerin, aquaphor, la mer, \
  estee lauder night repair, advanced night repair, clinique moisture surge, arbonne=2, \
  beautycounter=2, mary kay timewise, timewise, nerium, jeunesse, self tanner, \
  tanning lotion, bronzing, st tropez, tan luxe, bondi sands, loving tan
Beauty/Fragrance 2.5: perfume set, fragrance set, cologne set, mini perfume, perfume sample, \
  travel spray, viktor and rolf, viktor rolf, spicebomb, chance chanel, chanel chance, \
  bleu de chanel, chanel perfume, dior perfume, jadore, j adore, gucci bloom, gucci guilty, \
  gucci perfume, burberry perfume, burberry brit, jimmy choo perfume, paco rabanne, \
  one million, 1 million, invictus, lady million, davidoff cool water, cool water, \
  polo blue, polo red, ralph lauren perfume, calvin klein eternity, ck one, eternity=1.5, \
  obsession=1, euphoria=1.5, bvlgari=1.5, hermes perfume, creed aventus, aventus, le labo, \
  byredo, maison margiela, replica=1, tom ford perfume, ysl perfume, libre, mon paris, \
  la vie est belle, marc jacobs perfume, daisy=2, burberry her, valentino perfume, \
  carolina herrera, 212=1.5, estee lauder perfume, clinique happy, elizabeth arden, \
  red door, britney spears perfume, fantasy=1, curious britney, cloud ariana, ari perfume, \
  sweet like candy, thank u next, juicy perfume, vera wang perfume, kenzo, \
  dolce and gabbana light blue, azzaro, armani code, acqua di gioia, si armani, prada candy, \
  narciso rodriguez, chloe perfume, coach perfume, michael kors perfume, kate spade perfume, \
  victoria secret perfume, tease, noir tease, love spell, pure seduction, velvet petals, \
  mist=1.5, body splash=2
Beauty/Bath & Body 2.5: body polish, body souffle, whipped body butter, body mist set, \
  shower cream, bath gel, foaming hand soap, pocketbac, body care, body lotion set, \
  bath set, spa set, bath salt, epsom salt, bath oil, shower steamer, shower steamers, \
  loofah, dove=1.5, olay body, jergens, palmers, nivea, vaseline=2, gold bond, sweet pea, \
  warm vanilla sugar, japanese cherry blossom, a thousand wishes, champagne toast, \
  into the night, twilight woods, gingham, bright crystal=1, love and sunshine, \
  pure seduction lotion, coconut passion, aromatherapy=2
Beauty/Hair Care 2.5: hair dye, hair color, hair colour, bleach kit, toner hair, \
  purple shampoo, leave in, leave in conditioner, heat protectant, hair serum, curl cream, \
  edge control, hair gel, mousse, pomade=1.5, hair wax, scalp scrub, hair vitamins, \
  hair growth oil, bundles hair, human hair, virgin hair, brazilian hair, lace wig, frontal, \
  closure=1, clip in extensions, tape in extensions, hair topper, crochet braids, \
  braiding hair, hot air brush, revlon one step volumizer, round brush, wet brush, \
  tangle teezer, hair rollers, flexi rods, bonnet=2, kristin ess, bumble and bumble, oribe, \
  kerastase, redken shampoo, pantene, tresemme, herbal essences, garnier, \
  head and shoulders, shea moisture, olaplex no, k18, igk, verb, r and co, wen=2, hask, ogx, \
  sexy hair
Beauty/Nail Care 2.5: nail file, nail files, nail drill, nail tips, nail glue, \
  nail stamping, nail foils, dip powder kit, gel nail kit, polygel, poly gel, \
  acrylic powder, monomer, cuticle pusher, nail clippers, orly, zoya, china glaze, dnd gel, \
  gel x, ilnp, holo taco, static nails, kiss nails, impress nails
Beauty/Tools & Accessories 2.5: brush cleaner, brush holder, sponge set, makeup sponge, \
  makeup sponges, blending sponge, powder puff, eyelash extensions, lash extensions, \
  makeup storage, acrylic organizer, vanity mirror, magnifying mirror, compact mirror
Beauty/Men's Grooming 2.5: electric razor, electric shaver, shaver, beard trimmer, \
  hair clippers, clippers=2, wahl, andis, philips norelco, norelco, gillette, \
  mens cologne=2, beard kit, beard brush, shave kit, safety razor, pomade men
Beauty/Other 2: beauty box, beauty bag, beauty bundle, beauty lot, gift set=1, sample lot, \
  samples lot, allure beauty box, fabfitfun=1.5, sephora favorites
Home/Home Décor 2.5: wooden sign, rustic=1, shiplap, decorative tray, letter board, marquee, \
  neon sign, hearth and hand, magnolia, pottery barn=2, pier 1, kirklands, hobby lobby=1.5, \
  home goods, homegoods, target dollar spot=1
Home/Candles & Home Fragrance 3: scented candle, jar candle, yankee, \
  bath and body works candle, 3 wick candle, candle warmer, scentsy warmer, incense burner, \
  wallflower plug, wallflowers refill, woodwick, voluspa, capri blue, volcano candle, \
  pura=1.5
Home/Bedding 3: fitted sheet, mattress protector, queen size=1.5, down comforter, \
  electric blanket, minky blanket, barefoot dreams=2
Home/Kitchen & Dining 2.5: starbucks tumbler, venti, grande=1, stanley cup, stanley tumbler, \
  owala, simple modern, meal prep, serving bowl, serving tray, carafe, tea kettle, \
  french press, coffee grinder, espresso cups, tea towels, kitchen towels, cookware set, \
  nonstick, calphalon, cuisinart, lodge=1.5, fiesta=1.5, mikasa, noritake, oneida, \
  wine rack, bar cart=1, cocktail shaker, ice cube tray, popsicle molds, \
  silicone baking mat, rolling pin, mixing bowls, colander, can opener, ninja blender=2, \
  magic bullet, nespresso pods, keurig pods
Home/Storage & Organization 2.5: acrylic drawers, storage drawers, shoe organizer, \
  over the door, hanging organizer, jewelry stand, jewelry holder, storage ottoman, \
  jewel holder, jewelry tree, earring holder, necklace holder, ring dish, \
  laundry basket, laundry hamper, hamper, spice rack, lazy susan, pantry organizer, \
  command hooks, closet
Electronics/Headphones & Audio 2.5: airpods pro, airpod, airpods case=1, beats studio3, \
  beats solo3, powerbeats pro, bose quietcomfort, soundlink, sony wh, ultimate ears, boom 2, \
  jbl flip, jbl charge, marshall speaker, alexa speaker=1, raycon, jlab, anker soundcore, \
  soundcore, earpods, over ear, on ear, in ear, wired earbuds, gaming headphones, hyperx, \
  cassette player, cd player, boombox, radio=2, crosley, audio technica, sennheiser, shure, \
  blue yeti, yeti mic, preamp, mixer board, dj controller
Electronics/Cell Phones & Smartphones 2.5: iphone 5, iphone 5s, iphone se, iphone 6s, \
  iphone 6 plus, iphone 7 plus, iphone 8 plus, iphone xs max, iphone 11 pro, iphone 12 pro, \
  iphone 13 pro, iphone 14, iphone 15, galaxy s20, galaxy s21, galaxy s22, galaxy a, \
  galaxy note 9, note 9, note 10, pixel 3, pixel 4, pixel 6, pixel 7, oneplus, iphone 4, \
  clean esn, clean imei, imei, factory unlocked, carrier unlocked, prepaid phone, \
  smart phone
Electronics/Phone Cases & Accessories 2.5: clear case, silicone case, leather case, \
  glitter case, cute case, phone wallet, card holder phone=2, phone strap, phone charm, \
  phone ring, ring holder, magsafe, magsafe charger, spigen, speck, casetify, caseology, \
  kate spade case, iphone charger, usb c, type c, micro usb, lightning, charging block, \
  fast charger, anker, mophie, belkin, phone screen protector, camera lens protector, \
  tech accessories
Electronics/Computers & Laptops 2.5: gaming laptop, mac mini, mac pro, surface laptop, \
  surface book, dell xps, dell inspiron, hp pavilion, hp envy, lenovo ideapad, alienware, \
  all in one, tower pc, raspberry pi, arduino
Electronics/Tablets & eReaders 2.5: ipad 2, ipad 3, ipad 4, ipad 5th, ipad 6th, ipad 7th, \
  ipad 9th, wifi cellular, galaxy tablet, amazon fire, fire hd, fire 7, fire hd 8, \
  fire hd 10, kindle oasis, kobo, remarkable
Electronics/Video Games 2.5: ps5 game, ps2 game, ps1, psp game, xbox game, \
  xbox series x game, nintendo game, gba game, game lot, games lot, sealed game, new sealed, \
  video game lot, pokemon shield, pokemon sword, pokemon lets go, pokemon scarlet, \
  pokemon violet, pokemon legends, pokemon diamond, pokemon pearl, pokemon platinum, \
  pokemon heartgold, pokemon soulsilver, pokemon black, pokemon white, pokemon omega ruby, \
  pokemon alpha sapphire, super mario odyssey, mario party, luigis mansion, donkey kong=2, \
  metroid, fire emblem, xenoblade, bayonetta, spyro, crash bandicoot, god of war, uncharted, \
  the last of us, spider man ps4, horizon zero dawn, gears of war, forza, \
  red dead redemption, borderlands, bioshock, mortal kombat, street fighter, tekken, \
  dragon ball, naruto game, persona=1.5, elder scrolls, witcher, sims=2, the sims, sims 4, \
  rock band, guitar hero, wii sports, wii fit
Electronics/Video Game Consoles 2.5: ps4 pro, ps4 slim, xbox one s, xbox one x, \
  xbox series x, xbox series s, series x, series s, switch oled, oled switch, \
  nintendo switch lite, gameboy color, game boy color, gameboy advance sp, gba sp, \
  nintendo 3ds xl, new 2ds xl, ps vita slim, psp 3000, ps1 console, sega saturn, game gear, \
  neo geo, retro console, handheld console, oculus, oculus quest, quest 2, meta quest, \
  vr headset, psvr, steam deck
Electronics/Video Game Accessories 2.5: dualsense, xbox controller, ps4 controller, \
  ps5 controller, switch controller, charging grip, joy con grip, switch case, switch dock, \
  game holder, guitar hero controller, steering wheel controller, memory card ps2, \
  nintendo switch case, screen protector switch, amiibo card
Electronics/TV & Video 2.5: 4k tv, led tv, 32 inch, 40 inch, 50 inch, 55 inch, 65 inch, \
  tv box, android tv box, streaming stick, hdmi switch, universal remote, projector screen, \
  mini projector, blink camera, arlo, nest cam
Electronics/Cameras & Photography 2.5: canon eos, canon rebel, rebel t6, nikon d3500, \
  sony alpha, a6000, fuji instax, instax mini, polaroid camera, polaroid film, instax film, \
  film=1.5, camera strap, lens hood, gimbal, ring light stand, light box, softbox, \
  photo backdrop, disposable camera, action camera, kodak=2
Electronics/Wearables & Smart Home 2.5: apple watch series, apple watch se, fitbit versa, \
  fitbit inspire, fitbit alta, garmin forerunner, garmin watch, galaxy watch active, \
  smart ring, oura ring, tile tracker, airtag, air tag, smart lock, smart thermostat, \
  nest thermostat, echo show, echo dot 3rd, alexa echo, google nest mini, smart display, \
  iwatch band, smartwatch band
Electronics/Media (DVD, Blu-ray, CD) 2.5: dvd lot, dvd movies, blu ray lot, vinyl lp, \
  12 inch vinyl, 7 inch vinyl, picture disc, colored vinyl, cd lot, cds lot, music cd, \
  anime dvd, tv series, season 3, season 4, criterion, steelbook, 4k blu ray, widescreen, \
  vhs tapes
Toys & Collectibles/Other 2: toy bundle, toy set, fidget toys, pop it, pop its, \
  squishmallows lot, stress toy, fidget toy, figure lot, toy figures, dinosaur=1, \
  dinosaurs=1, toy story, cars toys, thomas=1, \
  hot wheels track, nerf darts, ty beanie, mcdonalds, kinder, surprise toy, mystery toy
Toys & Collectibles/Collectible Figures 2.5: funko pop lot, pop figure, pop funko, \
  pop vinyl figure, pop animation, pop movies, pop television, pop rides, pop games, \
  pop marvel, pop disney, glow in the dark pop, flocked, chase pop, disney tsum=1, \
  nendoroid figure, scale figure, anime figure, banpresto, good smile, sideshow, hot toys, \
  iron studios, prize figure, gashapon
Toys & Collectibles/Dolls & Accessories 2.5: barbie doll, barbie clothes, ag doll clothes, \
  american girl doll, bitty baby, wellie wishers, 18 inch doll, doll stroller, doll crib, \
  lol omg, omg doll, lol surprise omg, disney animators, animator doll, descendants doll, \
  bratz doll, monster high doll, fashion doll, reborn baby, silicone baby, uglydoll
Toys & Collectibles/Trading Cards 2.5: pokemon booster, pokemon pack, pokemon packs, \
  pokemon lot, pokemon card lot, yugioh cards, yugioh lot, mtg cards, magic cards, \
  sports cards lot, baseball card lot, football card lot, basketball card lot, graded card, \
  slab=1.5, auto card, autograph card, patch card, numbered=1.5, refractor, parallel=1, \
  insert card, gx card, v card, vstar, secret rare, ultra rare, rainbow rare, alt art, \
  trainer gallery, etb, booster bundle, pokemon tin, pokemon box, sealed pack, \
  japanese pokemon
Kids/Kids' Accessories 2: kids watch, kids wallet, kids hat, toddler backpack, \
  baby sunglasses, baby socks, baby mittens, hair bows baby, kids headband, kids belt, \
  kids umbrella
Kids/Baby Gear 2.5: baby walker, infant seat, baby seat, activity center, exersaucer, \
  doorway jumper, baby play yard, play yard, travel crib, baby tub, bath seat, baby gate, \
  safety gate, baby proofing, outlet covers, babyletto=1, fisher price swing, mamaroo, \
  4moms, snoo, hatch rest, owlet, nanit, infant optics, baby bjorn, babybjorn, tula carrier, \
  lillebaby, solly
Kids/Feeding 2.5: breast milk, milk storage, milk bags, breast pump parts, spectra, flanges, \
  bottle brush, bottle drying rack, drying rack=1, baby spoons, toddler plates, \
  toddler cups, straw cup, snack cup, haakaa, comotomo, philips avent, playtex, lansinoh, \
  nipple shield, boppy pillow, nursing pillow, my brest friend, burp cloths, burp cloth
Kids/Diapering 2.5: diaper cover, diaper covers, cloth diapering, diaper inserts, prefolds, \
  diaper pail, ubbi, wipe dispenser, diaper caddy, changing pad cover, honest diapers, \
  hello bello, pull ups, pullups, training pants, swim diapers
Kids/Nursery & Kids' Room 2.5: crib skirt, crib bumper, nursery decor, baby mobile, \
  kids rug, toy chest, toy box, toy storage, kids table, kids chair, toddler pillow, \
  kids bedding, night light kids, sound machine, white noise machine, glider, rocking chair, \
  baby book, baby memory book, milestone cards, milestone blanket, lovey, loveys, \
  security blanket, swaddle blanket, aden and anais
Other/Health & Personal Care 2.5: reusable face mask, cloth mask, kn95, n95, hand warmers, \
  cold sore, pain relief, muscle rub, foot spa, \
  waterpik, water flosser, retainer case, invisalign, mouth guard, night guard, \
  pill organizer, pill case, blue light glasses=1.5, glasses case, eyeglasses, \
  eyeglass frames, prescription glasses, contact solution, eye drops, nit comb, \
  period underwear, thinx, diva cup, pantyliners, always pads, cotton rounds, q tips, \
  cotton swabs, toiletries, toiletry
Other/Vitamins & Supplements 2.5: gummy vitamins, prenatal, prenatal vitamins, elderberry, \
  zinc, magnesium, vitamin d, vitamin d3, b12, iron supplement, turmeric, ashwagandha, \
  apple cider vinegar gummies, hair skin nails, sugarbear, sugar bear hair, hum nutrition, \
  olly, nature made, optimum nutrition, premier protein, quest bars, protein bars, \
  meal replacement, shakes=1.5, keto pills, diet pills, appetite suppressant, le vel, \
  thrive patches, it works wraps, skinny fiber, slimming, weight loss tea, detox tea, \
  flat tummy tea
Other/Household Supplies 2.5: laundry pods, fabric softener, scent booster, unstoppables, \
  downy, gain=1, tide=1.5, bounty, charmin, kleenex, tissues, trash can liners, zip bags, \
  storage bags, plastic wrap, parchment paper
Other/Gift Cards & Tickets 2.5: starbucks gift card, amazon gift card, visa gift card, \
  target gift card, walmart gift card, sephora gift card, ulta gift card, nike gift card, \
  steam gift card, xbox gift card, psn gift card, disney tickets, park tickets, season pass, \
  event tickets, show tickets
Other/Automotive 2.5: car mats, car seat cover, car organizer, trunk organizer, car wash, \
  car wax, detailing, tire pressure gauge, spark plugs, brake pads, oil filter, air filter, \
  car battery, truck bed, tonneau, running boards, grille, bumper, fender, mirror cover, \
  window tint, dash cover, steering wheel, shift knob, key fob, key fob cover
Sports & Outdoors/Exercise & Fitness 2.5: adjustable dumbbells, weight plates, barbell, \
  ankle weights, hand weights, exercise mat, workout mat, yoga strap, yoga wheel, \
  balance board, ab wheel, push up bars, suspension trainer, trx, rowing machine, \
  stationary bike, spin bike, bowflex, nordictrack, workout gloves, grip strength, \
  hula hoop=1.5, weighted hula hoop
Sports & Outdoors/Fan Shop 2: team jersey, nfl jersey, nba jersey, mlb jersey, nhl jersey, \
  fan gear, team hat, team shirt, pennant, foam finger, super bowl, world series, \
  stanley cup champions, championship=1.5
Sports & Outdoors/Sports Apparel 2.5: compression shirt, compression shorts, base layer, \
  running jacket, cycling jersey, cycling shorts, ski pants=1.5, hunting jacket, \
  fishing shirt, performance shirt, moisture wicking, cheer uniform, softball pants, \
  baseball pants, football pants, basketball shorts=2, soccer jersey, soccer shorts, \
  wrestling singlet, singlet
Sports & Outdoors/Athletic Footwear 2.5: running spikes, track spikes, \
  basketball sneakers=1, soccer cleats, football cleats, baseball cleats, softball cleats, \
  golf shoes, cycling shoes, climbing shoes, wrestling shoes, turf shoes, \
  indoor soccer shoes, volleyball shoes
Books/Literature & Fiction 2: novel set, book bundle, books bundle, chapter book, \
  signed first edition, hardcover book, paperback book, paperback books, hardcover books, \
  book collection, book club
Pet Supplies/Dogs 2.5: dog bandana, dog bandanas, dog tag, pet tag, dog coat, dog jacket, \
  dog shirt, dog dress, dog bow, dog bows, dog boots, dog bed large, dog gate, dog ramp, \
  dog stairs, training pads, puppy pads, pee pads, dog chews, bully sticks, rawhide, \
  dental chews, greenies, chuckit, benebone, nylabone, kong toy, squeaky toy, tug toy, \
  pet hair remover, grooming brush pet, furminator, pet grooming, pet collar, pet leash, \
  pet harness, pet costume, pet clothes, pet bowl, pet feeder
Pet Supplies/Cats 2.5: cat tower, cat condo, cat scratching post, cat wand, cat teaser, \
  feather wand, cat tunnel, cat harness, cat fountain, water fountain pet, litter mat, \
  litter scoop, cat grass, temptations, cat nip
Office/Office Supplies 2.5: pen set, pens lot, gel pen, ballpoint, ballpoint pens, \
  mechanical pencil, mechanical pencils, markers set, sharpie markers, highlighter pens=1, \
  erasers, desk pad, paper tray, business card holder, stamp pad, self inking stamp, \
  name badge, lanyard=1, badge reel, badge reels, id holder, id badge, planner pens, \
  zebra mildliner, mildliners, paper mate, pilot pens, uniball, muji, papermate, staedtler, \
  tombow=1.5
Office/School Supplies 2.5: school bag, pencil box, crayola, glue stick, elmers, \
  composition book, folders school, graph paper, teacher supplies, classroom, \
  classroom decor, bulletin board
Arts & Crafts/Craft Supplies 2: vinyl roll, vinyl rolls, craft vinyl, infusible ink, \
  sublimation, sublimation paper, sublimation blanks, blanks, tumbler blanks, heat press, \
  mug press, easy press, cricut easypress, cricut mat, cricut tools, weeding tools, \
  transfer tape, foil transfer, craft kit, kids craft, slime supplies, slime kit, \
  glitter lot, floral wire, wooden beads, charms for, keychain blanks, acrylic blanks
Tools/Power Tools 2.5: cordless, brushless, impact drill, hammer drill, 20v max, m18, m12, \
  one plus, ryobi one, dewalt battery, milwaukee battery, makita battery, drill set, \
  drill bits, saw blade, jig saw, band saw, planer, router table, nailer, brad nailer, \
  staple gun
Handmade/Jewelry 2: handmade earrings, handmade necklace, handmade bracelet, \
  beaded bracelet=1, beaded earrings=1, wire wrapped, polymer clay earrings, resin earrings, \
  crystal pendant=1, healing crystal=1, chakra=1.5, friendship bracelet=1.5, \
  custom necklace=1.5, name necklace=1.5
Handmade/Clothing 2: handmade dress, handmade shirt, custom shirt, custom tee, \
  custom hoodie, hand dyed, tie dye=1, tie dyed=1, bleached shirt, crochet top, \
  crochet bikini, knit hat handmade
Handmade/Home Décor 2: handmade sign, pallet sign, farmhouse sign, custom sign, \
  macrame wall hanging, handmade candle, soy candle=1, wax melt handmade, handmade soap, \
  crochet blanket, handmade quilt, handmade pillow
Handmade/Accessories 2: handmade keychain, custom keychain, hair bows handmade, \
  custom tumbler, glitter tumbler, epoxy tumbler, custom cup, vinyl tumbler, handmade mask, \
  scrunchies handmade
Vintage & Collectibles/Vintage Toys 2: vintage toy, vintage toys, vintage barbie, \
  vintage doll, vintage star wars, kenner, vintage he man, vintage transformers, \
  vintage hot wheels, redline, vintage lego, vintage fisher price, vintage plush, \
  vintage care bears, vintage my little pony, g1 my little pony, \
  vintage strawberry shortcake, 80s toy, 90s toy, tonka vintage, tin toy, vintage games
Vintage & Collectibles/Other 2: vintage pin, pin lot, pins lot, disney trading pins, \
  hard rock pin, hard rock cafe, vintage sign, tin sign, advertising, vintage poster, \
  concert poster, lunch box vintage, thermos vintage, vintage keychain, vintage postcard, \
  vintage photo, old photo, ephemera, vintage tin, vintage bottle, glass bottle=1, \
  insulator
Women/Accessories 2: hair claw, bobby pins, hair pins, hair clips set, head wrap, headwrap, \
  turban, silk scarf, pashmina, wrap scarf, blanket scarf, earmuffs, arm warmers, \
  hair band, alice band, key ring
Women/Handbags 2: belt bag, fanny pack, bum bag, mini backpack=1, small backpack=1, \
  wristlet wallet, clutch bag, evening bag, shoulder purse, crossbody purse, crossbody bag, \
  saddle bag, baguette bag, hobo, bucket purse, tote purse, \
  loungefly, loungefly backpack, loungefly mini, kate spade purse, coach purse, mk purse, \
  michael kors purse, vera bradley bag, dooney purse, guess purse, steve madden bag, \
  aldo bag, charming charlie bag, juicy couture bag, betsey johnson bag, fossil bag, \
  patricia nash, brighton=1.5, relic purse, nine west purse, calvin klein bag, \
  tommy hilfiger bag, goyard, ysl bag, chanel bag, gucci bag, prada bag, lv bag, \
  louis vuitton bag, coach bag, tory burch bag
Women/Jewelry 2: earring set, earrings set, necklace set, jewelry set, jewelry lot, \
  stackable rings, stacking rings, promise ring, mood ring, toe ring, ear cuff, ear climber, \
  huggie earrings, drop earrings, dangle earrings, statement necklace, bib necklace, \
  layered necklace, initial necklace, nameplate, tennis bracelet, cuff bracelet, \
  bead bracelet, stretch bracelet, swarovski, kay jewelers, zales, tiffany, tiffany and co, \
  david yurman, monica vinader, mejuri, gorjana, baublebar, sugarfix, kate spade earrings, \
  pura vida, pura vida bracelet, origami owl, premier designs, park lane, paparazzi, \
  chloe and isabel, lia sophia, silpada, brighton jewelry, rose gold=1, white gold, \
  yellow gold=1, 14k gold, 10k gold, gold plated, silver plated, moissanite, sapphire=1.5, \
  ruby=1, emerald=1, amethyst=1.5, turquoise=1.5, gemstone=1.5, birthstone
Men/Accessories 2: mens wallet, mens belt, leather belt=1, belt buckle, tie bar, \
  pocket square, lapel pin, bowtie, ties lot, fitted cap, new era, mitchell and ness=1.5, \
  47 brand, trucker cap, flexfit, mens hat
Men/Watches 2: mens watch, fossil watch, michael kors watch=1, nixon watch, timex, bulova, \
  tissot, hamilton watch, omega=1.5, tag heuer, movado, skagen, armitron, diesel watch, \
  dive watch, watch box, watch winder
Other/Other 1: mystery box, mystery bundle, grab bag
Women/Handbags 3: backpack=1.5
Beauty/Makeup 2.5: contacts=2, colored contacts=3, color contacts=3, air optix, airoptix, \
  skin frost=3, swamp queen=3, amazonian clay=3, loose glitter, henna, kylie birthday=3, \
  birthday collection=1
Beauty/Skin Care 2.5: eye mask=2, under eye mask, foot mask=3, foot peel=3, foot detox=3, \
  foot cream, foot scrub, callus remover, josie maran, giorgio armani=1.5, argan oil=2
Beauty/Fragrance 2.5: tommy girl=3, heavenly=2, love spell=3, pure seduction=3, \
  body splash, scent=1.5, scents=1.5
Beauty/Hair Care 2.5: instyler=3, lice=2, lice shampoo=3
Electronics/Video Games 2.5: nds=3, fable=2
Electronics/Video Game Accessories 3: thumb grips, thumb grip, thumbsticks, thumbstick
Home/Kitchen & Dining 3: soda stream
Home/Home Décor 1.5: flag
Home/Candles & Home Fragrance 1.5: warmer
Women/Accessories 2: lanyard
Women/Accessories 2: hair tie
Sports & Outdoors/Fan Shop 1.5: packer, vikings, falcons, buccaneers, texans, colts, \
  jaguars, chiefs, chargers, bengals, ravens, redskins, dolphins=1, new england patriots, \
  indians, cleveland indians, royals, white sox, orioles, blue jays, mariners, padres, \
  rockies, diamondbacks, brewers, phillies, marlins, spurs=1, mavericks, knicks, 76ers, \
  sixers, raptors, timberwolves, pelicans, grizzlies, blackhawks, bruins, maple leafs, \
  canadiens, oilers, longhorns, buckeyes, wolverines=1, razorbacks, gators=1, seminoles, \
  hokies, sooners, tar heels, huskers, hawkeyes, crimson tide
Home/Bedding 1.5: throw
Other/Vitamins & Supplements 2: pills
Other/Health & Personal Care 3: pantiliner, pantiliners, dental guard
Electronics/Cell Phones & Smartphones 2: handset
Women/Handbags 2: herschel=1.5, jansport=1.5, fjallraven=1.5, kanken=2.5, burberry=1, \
  givenchy=1, balenciaga=1, saint laurent=1, celine=1.5, fendi=1.5, bottega veneta=1.5, \
  hermes=1, moschino=1, mcm bag=3, mcm backpack=3, coach wristlet=3, vera bradley=1
Toys & Collectibles/Outdoor Toys 3: step2=2, radio flyer
Toys & Collectibles/Games & Puzzles 3: ravensburger
Electronics/Headphones & Audio 2.5: marshall=1.5, ue boom, harman kardon, victrola, discman, zune, \
  pioneer=1.5, kenwood=1.5, yamaha=1.5, jvc=1.5
Electronics/TV & Video 2: hisense, insignia=1.5, toshiba=1.5, panasonic=1.5
Electronics/Computer Accessories & Parts 2.5: sandisk, seagate, western digital, lexar, \
  wifi extender, mesh wifi
Electronics/Video Games 2.5: last of us, dark souls, bloodborne, elden ring, sekiro, \
  rainbow six, pikmin, nintendogs, brain age, tetris=2, soulcalibur, devil may cry, silent hill, \
  metal gear, hitman=2, tomb raider, far cry, watch dogs, ghost recon, splinter cell, \
  prince of persia, max payne, la noire, saints row, dying light, dead island, dead rising, \
  left 4 dead, half life, counter strike, league of legends, world of warcraft, starcraft, \
  diablo, mass effect, dragon age, battlefront, kotor, game disc, game cartridge, cartridge=2
Electronics/Video Game Consoles 2: vr=1.5
Beauty/Makeup 2.5: all nighter, de slick, naked heat, naked reloaded, naked cherry, \
  naked 2, naked 3, chocolate bar, just peachy, peach perfect, modern renaissance, \
  subculture, soft glam, norvina, sombre, mothership, 35o, conspiracy palette, blood sugar, \
  jawbreaker, androgyny, cremated, mercury retrograde, beauty killer, alpha girl, \
  velour lashes, house of lashes, lilly lashes, ardell, kylighter, koko kollection, \
  kim kardashian=1.5, it brushes, artis, butter lipstick, whipped=1
Beauty/Skin Care 2.5: rosewater, facial spray, face mist
Beauty/Hair Care 2.5: joico, aussie, cantu, carols daughter, paul mitchell
Beauty/Fragrance 2.5: thierry mugler, mugler, ysl libre, \
  tobacco vanille, crystal gardenia, coco chanel=2, amber romance, aqua kiss, bare vanilla, \
  mahogany teakwood, eucalyptus spearmint, cologne spray, eau de
Beauty/Bath & Body 2.5: massage oil, body splash=1.5, foaming hand soap
Toys & Collectibles/Other 2: mattel, fisher price=2.5, little tikes=2.5, vtech=2.5, \
  melissa and doug=2.5, playskool=2.5
Women/Jewelry 3: chamilia, trollbeads, origami owl=2.5, premier designs=2.5, \
  paparazzi jewelry, swarovski=2, david yurman=2.5, brighton=1.5
Beauty/Skin Care 2: burts bees, avon=1.5, arbonne=1.5
Home/Kitchen & Dining 2: crate and barrel, williams sonoma, cuisinart=2.5
Home/Home Appliances 3: hamilton beach
Home/Cleaning Supplies 3: hoover
Home/Home Décor 1.5: threshold, opalhouse, project 62, room essentials, pillowfort, \
  mainstays, better homes and gardens, rachel ashwell, nate berkus, hearth and hand, \
  pottery barn=2, kirklands=2
Home/Furniture 1.5: ikea, wayfair
Electronics/Computers & Laptops 2: hp, microsoft=1.5
Beauty/Fragrance 2.5: very sexy=2, tease=1.5, noir tease=3, scandalous=1.5, velvet petals=3, \
  coconut passion=3, pure seduction=3, love spell=3, angel perfume=3, curious britney=3
"""

GARMENTS = """
Tops & Blouses|Tops & Shirts|clothing 3: top=2, tops=2, shirt, shirts, t shirt, tshirt, tee, \
  tees, tank, tank top, tanks, button down, button up, polo=1.5, henley, graphic tee, \
  long sleeve, short sleeve, sleeveless=1.5, muscle tee, flannel, v neck, vneck, crew neck, \
  crewneck, raglan, baseball tee, jersey=1, dress shirt, thermal=1.5, vest=1.5
Dresses||clothing 3: dress, dresses, maxi dress, maxi, midi dress, mini dress, sundress, \
  sun dress, gown, prom dress, formal dress, cocktail dress, bodycon, wrap dress, \
  shift dress, romper=2.5, jumpsuit=2.5, skater dress, slip dress, bridesmaid, \
  wedding dress, homecoming dress, lace dress, amelia, julia dress, carly, nicole dress
Skirts||clothing 3: skirt, skirts, mini skirt, maxi skirt, pencil skirt, tutu=1.5, \
  skort, cassie, madison skirt, lucy skirt, lola skirt, azure, jill skirt
Jeans|Jeans|clothing 3: jeans, jean=2, denim=1.5, skinny jeans, boyfriend jeans, \
  mom jeans, bootcut, boot cut, straight leg, flare jeans, jeggings, distressed jeans, \
  high rise, mid rise, low rise, levis=1, true religion=1, silver jeans, miss me, \
  rock revival, buckle=1, american eagle jeans, hollister jeans, 501, 511, 505
Pants|Pants|clothing 2.5: pants, pant, trousers, slacks, chinos, khakis, khaki, \
  cargo pants, dress pants, wide leg, palazzo, culottes, joggers=2, jogger=2, overalls, \
  corduroy, capris, capri, track pants
Shorts|Shorts|clothing 3: shorts, short=1, jean shorts, denim shorts, cutoffs, \
  bermuda shorts, board shorts=2, cargo shorts, running shorts, bike shorts
Coats & Jackets|Coats & Jackets|clothing 3: jacket, jackets, coat, coats, parka, \
  windbreaker, rain jacket, raincoat, puffer, puffer jacket, bomber, bomber jacket, \
  blazer=1, denim jacket, jean jacket, leather jacket, moto jacket, trench coat, trench, \
  peacoat, pea coat, fleece jacket, vest=1, puffer vest, north face=1.5, anorak, \
  shacket, ski jacket=1, members only, columbia jacket
Sweaters|Sweaters|clothing 3: sweater, sweaters, cardigan, cardigans, pullover, \
  turtleneck, knit sweater, cable knit, crewneck sweater, duster=2, shrug, poncho=2, \
  sweater dress=0
Tops & Blouses|Sweats & Hoodies|clothing 3: hoodie, hoodies, hoody, sweatshirt, \
  sweatshirts, zip up, quarter zip, 1 4 zip, half zip, crewneck sweatshirt, pullover hoodie, \
  sweatsuit, tracksuit, sweatpants=2, sweat pants=2
Suits & Blazers|Suits & Blazers|clothing 3: blazer, blazers, suit=2.5, suits=2.5, \
  sport coat, suit jacket, tuxedo, dress suit, pant suit, pantsuit
Activewear|Activewear|clothing 3: athletic, activewear, workout top, workout shirt, \
  running shirt, running tights, compression=1.5, dri fit, drifit, \
  dri fit shirt, track jacket, running, gym shirt, gym shorts, athletic shorts, lululemon=3, \
  lulu=2, fabletics=2.5, gymshark=2, alo yoga, alo, beyond yoga, outdoor voices, athleta=2, \
  under armour=1, underarmour=1, nike pro, tempo shorts, tempo, crops=1.5, yoga shorts, \
  running shorts=1, define jacket, scuba hoodie, tank=0.5
Swimwear|Swimwear|clothing 3: swimsuit, swim suit, bikini, bikini top, bikini bottom, \
  bikini bottoms, one piece swimsuit, one piece, tankini, swim, swimwear, bathing suit, \
  cover up, coverup, swim trunks, board shorts, rash guard, monokini, high waisted bikini
Intimates & Sleepwear|Underwear & Sleepwear|clothing 2.5: hipster=1.5, underwear, teddy=1, \
  pajamas, pajama, pjs, pj set, pj, sleepwear, robe, bathrobe, briefs, \
  loungewear, lounge set, sleep shirt, onesie pajamas, sports bra=0, \
  victorias secret=1.5, vs=1, pink=0.5, stockings=0.5
Shoes|Shoes|shoes 3: shoes, shoe, sneakers, sneaker, boots, boot, ankle boots, sandals, \
  sandal, flip flops, flipflops, slides=2.5, slippers, loafers, loafer, oxfords, oxford=1.5, \
  clogs, moccasins, mocs, running shoes, tennis shoes, trainers, slip on, slip ons, \
  high tops, low tops, chucks, converse=2, vans=2.5, air max, air force 1, air force, af1, \
  jordans=2.5, jordan=2, retro=1, yeezy=2.5, yeezys=2.5, boost=2, ultraboost, ultra boost, \
  nmd, roshe, huarache, huaraches, free run, flyknit, uggs, ugg=2.5, ugg boots, birkenstock, \
  birkenstocks, crocs, toms=2, sperry, sperrys, timberland=2, timberlands, dr martens, \
  doc martens, docs=1, steve madden=1.5, cleats=0, hunter boots, rain boots, combat boots, \
  chelsea boots, cowboy boots, work boots, steel toe, nike shoes, adidas shoes, asics=2, \
  new balance=2, skechers=2.5, reebok=1.5, puma=1, fila=1, saucony=2, brooks=1.5, hoka, \
  on cloud=2.5, allbirds, michael kors shoes, kate spade shoes, stan smith, superstar=1.5, \
  superstars=1.5, gazelle, foamposite, kd, lebron=1.5, kyrie=2, curry=1.5, size=0
Tops & Blouses||clothing 3: cami, camisole, blouse, tunic, crop top, tube top, bodysuit, \
  off the shoulder, peplum, halter=2.5, lace top, swing top, kimono=2.5, perfect tee, irma, \
  classic tee, randy, lularoe irma, lularoe classic, lularoe randy, cold shoulder, \
  babydoll top, wrap top, smocked top, ruffle top, tie front, cropped top, bell sleeve
Activewear||clothing 3: leggings=2.5, legging=2.5, yoga pants, sports bra, sport bra, \
  align pant, wunder under, capri leggings, racerback=2, yoga leggings, high waisted leggings, \
  buttery soft leggings, tc leggings, biker shorts=2, align leggings, fast and free
Intimates & Sleepwear||clothing 3: bra, bras, bralette, panties, panty, thong, thongs, \
  cheeky=2, lingerie, corset, bustier, nightgown, shapewear, spanx, slip=1.5, push up bra, \
  garter, pantyhose, nightie, chemise, babydoll=2, sports bras=0, undies, bodysuit lingerie, \
  bra set, push up, balconette, demi, unlined bra, wireless bra, bikini panty=2, hiphugger
Intimates & Sleepwear||clothing 3: pushup, pushup bra, boyshorts, boy shorts, boyshort, \
  boy short, cheekies, hipsters
Activewear||clothing 2: lularoe, llr
Shoes|Shoes|shoes 3: creepers
|Underwear & Sleepwear|clothing 3: boxers, boxer briefs, boxer brief, undershirt, undershirts, \
  trunks=1.5
Shoes||shoes 3: booties, bootie, heels, heel=2, high heels, pumps, stilettos, wedges, \
  wedge=1.5, flats, ballet flats, mules, espadrilles, platform=1.5, riding boots, \
  knee high boots, over the knee, otk boots, peep toe, slingback, kitten heel, block heel, \
  wedge sandals, platform sandals, mary janes, jelly sandals, thigh high boots
Shoes|Shoes|shoes 3: air jordan, jordan retro, dunk, dunks, sb dunk, kobe, foams, \
  air max 90, air max 95, air max 97, vapormax, zoom, pegasus, cortez, blazer mid, \
  chuck taylor, old skool, sk8 hi, slip on vans, yeezy boost, boost 350, 350 v2, \
  nike sb, jordan 1, jordan 4, jordan 11, jordan 12, jordan 13, jordan 3, jordan 5, \
  running shoe, basketball shoes, athletic shoes, work shoes, dress shoes, boat shoes, \
  slip resistant, non slip shoes, hiking boots, snow boots, duck boots, combat boot, \
  footwear, kicks=2, cleat=2, spikes=1
Handbags|Bags & Backpacks|accessories 0: bag=1.5, bags=1.5
Accessories|Accessories|accessories 2.5: hat, hats, cap, caps, baseball cap, beanie, \
  belt, belts, gloves, sunglasses, aviator=2.5, aviators=2.5, clear lens=2.5, \
  lens glasses=2.5, polarized=2, cat eye sunglasses, ray ban, ray bans, oakley sunglasses, \
  visor, bucket hat, \
  trucker hat, snapback, fedora, sunglasses case
Handbags|Accessories|accessories 2.5: wallet, wallets, card holder, card case, bifold, \
  trifold, money clip=0
Jewelry|Jewelry|accessories 1: chain=1.5, gold chain=3, cuban link=3, cuban chain=3, \
  silver chain=2
Activewear|Activewear|clothing 1: nike=1, adidas=1, under armour=1, champion=1, puma=0.5, \
  reebok=0.5, fila=0.5, jordan=0.5
Other|Other|clothing 1: clothes, clothing, outfit=1.5, outfits=1.5, set=0.5, lot=0.5, \
  bundle=0.5, uniform=1.5, costume=0
Shoes|Shoes|shoes 2.5: minnetonka, minnetonkas, sorel, sorels, bearpaw, teva, tevas, \
  chaco, chacos, keen=1.5, merrell, frye, golden goose, sanuk, rainbow sandals, rainbows=1.5, \
  olukai, dansko, nurse mates, alegria, ecco, cole haan, red wing=2, sketchers, \
  bogs=1.5, native shoes, hey dude, heydude, hokas, on running, brooks ghost, \
  asics gel, gel kayano, nike free, nike react, air max 270, jordan 1 mid, ultra boost, \
  superstars=2, stan smiths, nmd r1, vans old skool, sk8 hi, chuck 70, all star, all stars, \
  converses, cons=1
Shoes||shoes 3: christian louboutin, louboutin, louboutins, manolo blahnik, manolo, \
  jimmy choo=2, stuart weitzman=2, sam edelman=1.5, dolce vita=1.5, jeffrey campbell, \
  tory burch flats, rothys, tieks=2.5, franco sarto=2, naturalizer=1.5, clarks=1, \
  jelly shoes, platform heels, strappy sandals, gladiator sandals, ankle strap
|Shoes|shoes 3: florsheim, johnston murphy, johnston and murphy, allen edmonds, \
  stacy adams, wingtips, wingtip, mens dress shoes
Socks & Hosiery|Socks|accessories 3: socks, sock, no show socks, ankle socks, crew socks, \
  compression socks, knee high socks, dress socks, wool socks, hiking socks, fuzzy socks, \
  athletic socks, bombas=2.5, stance socks, happy socks, boot socks, thigh high socks
Socks & Hosiery||accessories 3: tights, pantyhose, hosiery, nylons, fishnet tights, \
  fishnets, sheer tights, thigh highs, leg warmers=2, stockings=1
Intimates & Sleepwear|Underwear & Sleepwear|clothing 2: hanes=1, jockey=1.5, \
  fruit of the loom=1.5, calvin klein underwear, \
  victoria secret=1.5, victoria s secret=1.5
Intimates & Sleepwear||clothing 3: cacique, hanky panky, honeydew, fredericks, \
  fredericks of hollywood, bralettes, sports bra=2, strapless bra, longline bra, \
  bra size=2
Tops & Blouses|Tops & Shirts|clothing 2: comfort colors, gildan=1.5, bella canvas, \
  graphic t, band tee, band shirt, concert tee, tour shirt, vintage tee, tie dye shirt, \
  long sleeve shirt, polo shirt=2, button down shirt, flannel shirt, plaid shirt, \
  oxford shirt, dress shirts
Coats & Jackets|Coats & Jackets|clothing 2: the north face, northface, columbia=1.5, marmot, \
  eddie bauer=1, ll bean=1, lands end=1, canada goose, moncler, barbour, carhartt jacket, \
  patagonia=1.5, arcteryx, fleece=1.5, down jacket, quilted jacket, varsity jacket, \
  letterman jacket
Dresses||clothing 2: midi
Tops & Blouses||clothing 1.5: crop, smocked, ruffle=1, ruffled=1
Other|Other|clothing 0.7: lace, velvet, satin, silk, floral, plaid, striped, sequin, sequined, \
  leopard, distressed, ripped, high waisted, skinny, flare, cropped, oversized, faux fur, \
  sherpa, knit, mesh, embroidered, off shoulder, long sleeves
"""


# Decoration, not the item: characters, holidays, places, motifs. A title's item noun
# decides its category; these count fully only when the title names no item ("Frozen",
# "Christmas decor lot"), and then weakly ("item type wins", see offline.THEME_SCALE).
THEMES = """
Home/Seasonal Décor 2: christmas, xmas, halloween, easter=1.5, thanksgiving, harvest=1, \
  pumpkin=1.5, santa=1.5, snowman, st patricks, valentines=1.5, 4th of july, holiday=1.5, \
  fall=0.5, gnome=1, gnomes=1, reindeer=1.5, grinch=1.5, spooky=1.5, hocus pocus=1.5, \
  boo=1, jack o lantern, elf on the shelf=1.5, merry christmas, happy halloween, \
  merry and bright=1.5, jolly=1
Home/Home Décor 1: paris, eiffel tower=1.5, eiffel, new york, london, french, farmhouse=1.5, \
  shabby chic=1.5, boho=1, rustic=1, coastal=1, beach=0.5, sunflower=1, sunflowers=1, \
  buffalo plaid=1, gingham=0.5, floral=0.5, leopard print=0.5, home=1, welcome=1
Pet Supplies/Dogs 1: frenchie, frenchies, french bulldog, french bulldogs, bulldog, \
  corgi, pug, dachshund, golden retriever, labrador, dog mom=1.5, dog lover=1.5
Pet Supplies/Cats 1: cat lover, cat mom=1.5
Toys & Collectibles/Other 1: disney
Toys & Collectibles/Other 0.7: moana, minions, despicable me, spongebob, superman, iron man, \
  captain america, hulk, wonder woman, harley quinn, deadpool, x men, dragon ball z, dbz, \
  naruto, sailor moon, hello kitty, sanrio, my melody, kuromi, pusheen, rilakkuma, totoro, \
  studio ghibli, anime, harry potter, hogwarts, lord of the rings, game of thrones, \
  stranger things, walking dead, doctor who, tardis, star trek, jurassic park, ghostbusters, \
  nightmare before christmas, jack skellington, cinderella, little mermaid, rapunzel, \
  mickey, minnie, mickey mouse, minnie mouse, winnie the pooh, lilo and stitch, tinkerbell, \
  snow white, lion king, pixar, shrek, scooby doo, looney tunes, garfield, snoopy, peanuts, \
  strawberry shortcake, rainbow brite, smurfs, thundercats, voltron, digimon, yokai watch
Toys & Collectibles/Other 1.5: paw patrol, peppa pig, pj masks, bluey, cocomelon, \
  doc mcstuffins, daniel tiger, sesame street, elmo, octonauts, \
  blaze and the monster machines, sofia the first, mickey mouse clubhouse, \
  dora the explorer, curious george, ryans world, gabbys dollhouse, baby shark=1
"""

GENDER = """
Women 3: womens, womans=3, womens size=3, ladies size=3, \
   women, woman, ladies, lady, her=1.5, she=1, juniors=2.5, junior=2, \
  misses=2.5, maternity=3, bridal=2, bride=2, girlfriend=1, mom=1.5, feminine=1.5, \
  petite=2, plus size=1.5, lularoe=3, llr=3, victorias secret=2.5, vs pink=3, pink=0.5, \
  free people=3, anthropologie=2.5, lane bryant=3, torrid=3, forever 21=2, \
  charlotte russe=3, francescas=3, loft=2, ann taylor=3, white house black market=3, \
  chicos=3, maurices=3, rue21=2, windsor=3, lulus=3, fashion nova=3, shein=2, \
  zara=1.5, h and m=1, express=1, banana republic=0.5, j crew=1, jcrew=1, \
  old navy=0.5, gap=0.5, lilly pulitzer=3, lilly=2, kate spade=2, michael kors=1.5, \
  tory burch=2, coach=1, lululemon=2.5, athleta=3, aerie=3, \
  american eagle=1, hollister=1, abercrombie=1, aeropostale=1, \
  cabi=3, soma=3, savage x fenty=3, spanx=3, agnes and dora=3, honeyme=3, \
  buckle=0.5, miss me=2.5, vince camuto=2, jessica simpson=2.5, betsey johnson=3, \
  steve madden=1.5, sam edelman=3, stuart weitzman=3, tory=1.5, uggs=1.5, \
  tieks=3, toms=1, forever21=2, princess polly=3, windsor=3, boohoo=2, prettylittlething=3, \
  skims=3, tarte=0, pandora=1.5, alex and ani=2, kendra scott=3, free ppl=3, \
  kimchi blue=3, blush=0, bcbg=3, bcbgmaxazria=3, cache=3, white house=2, \
  eileen fisher=3, talbots=3, coldwater creek=3, christopher and banks=3, \
  lucky brand=1, joes jeans=1, kut from the kloth=3, judy blue=3, kancan=3, vervet=3, \
  mossimo=1.5, xhilaration=3, merona=1.5, a new day=3, universal thread=2.5, \
  wild fable=3, who what wear=3, nine west=2.5, aldo=1, dsw=1, naturalizer=3, \
  clarks=1, born=1, sofft=3, bandolino=3, guess=1, nasty gal=3, tobi=3, \
  revolve=2.5, reformation=3, madewell=2, everlane=1.5, lilly pulitzer dress=3, mk=1.5
Men 3: mens shoe=3, wxl=3, xlt=3, lt=1.5, 2xlt=3, 3xlt=3, big and tall=3, \
  air jordan=1.5, jordan retro=1.5, jordans=1.5, foamposite=2.5, foams=2, lebron=2, kd=1.5, \
  kyrie=1.5, kobe=2, sb dunk=1.5, yeezy boost=1, boost 350=1, \
  henley=1.5, polo shirt=1.5, dress shirt=1.5, snapback=1.5, thrasher=1.5, huf=2, \
  obey=1, diamond supply=2, primitive=1, rip n dip=1.5, tapout=2.5, robin jeans=2.5, \
  buffalo david bitton=2, ksubi=1, amiri=1.5, ralph lauren polo=1.5, polo ralph=1.5, \
  nfl=1, mlb=1, nba=1, nhl=1, mens, men, man=2, male=2, guys=2.5, gentleman=2, him=1.5, \
  husband=1.5, jersey=1.5, jerseys=1.5, throwback=1, new balance=1, timberland=1, \
  timberlands=1, alpinestars=3, ferragamo=1, patagonia=0.7, polo=0.7, \
  boyfriend=0, dad=1.5, father=1.5, supreme=2, bape=2.5, a bathing ape=3, stussy=2, \
  off white=1, palace=1.5, kith=2, fear of god=2.5, essentials=1, \
  nautica=1.5, ralph lauren=1, tommy hilfiger=1, \
  vineyard vines=0.5, southern tide=2, columbia pfg=2, pfg=2, huk=2.5, \
  bonobos=3, jos a bank=3, mens wearhouse=3, van heusen=3, haggar=3, dockers=2, \
  carhartt=1.5, dickies=1, wrangler=0.5, true religion=0.5, affliction=2, \
  jordan=1, yeezy=0.5, nike sb=1, chubbies=3, peter millar=3, brooks brothers=2, \
  perry ellis=2, calvin klein=0, big and tall=3, tall=0.5, xlt=3, \
  lrg=2.5, hurley=1, quiksilver=1.5, billabong=0.5, rvca=1, volcom=1, oakley=1, \
  ecko=2, rocawear=2.5, sean john=2.5, akademiks=2.5, hugo boss=1.5, boss=1, \
  armani exchange=1, under armour=0.5, old spice=2.5, axe=1.5, dude=1.5, \
  beard=2, mvmt=1.5, g shock=2, rolex=1, invicta=1.5, fossil=0.5
Kids 3: kids, kid, childrens, children, child, toddler=3.5, toddlers=3.5, youth=3, \
  little kid=3, big kid=3, big kids=3, gs=2, grade school=3, ps=0, preschool=3, \
  school age=2, tween=2.5, carters=4, carter=2, oshkosh=4, osh kosh=4, gymboree=4, \
  childrens place=4, the childrens place=4, crazy 8=4, janie and jack=4, \
  hanna andersson=4, gerber=4, cat and jack=4, garanimals=4, tea collection=3, \
  justice=3, disney baby=4, baby gap=4, babygap=4, gap kids=4, old navy kids=4, \
  matilda jane=3, persnickety=3, mini boden=4, little me=4, first impressions=4, \
  healthtex=4, kids size=4, kid size=4, jr=1, uniform=0, \
  2t=4, 3t=4, 4t=4, 5t=4, 6t=3, 18 24=3, tcp=4, lularoe kids=4
Baby 4: baby=3, babies=3, infant=4, infants=4, newborn=4, nb=3, preemie=4, \
  onesie=4, onesies=4, bodysuits=1, romper=0.5, sleeper=3, sleepers=3, sleep n play=4, \
  footie=3, footed=2, months=4, month=3, mos=4, mo=2, 0 3=3, 3 6=3, 6 9=3, 6 12=3, \
  9 12=3, 12 18=3, 12m=4, 18m=4, 24m=4, 3m=4, 6m=4, 9m=4, 0 3m=4, 3 6m=4, \
  6 12m=4, baby girl=4, baby boy=4, baby boys=4, baby girls=4, layette=4, \
  crib shoes=4, booties baby=4, bib=1
Girl 3: girls=3, girl=2.5, girly=0, little girl=3, toddler girl=3.5, girls size=4, \
  big girl=3, big girls=3, little girls=3, tween girl=3
Boy 3: boys=3, boy=2.5, little boy=3, toddler boy=3.5, boys size=4, big boy=3, \
  big boys=3, little boys=3
Neutral 0: baby pink, baby blue, baby doll, babydoll, boyfriend, boy shorts, boyshorts, \
  boy short, girl power, girls night, girlfriend jeans, mens style, oh boy, \
  baby phat, baby lips, too faced, bad boy, boys toys, girls trip, cover girl, \
  covergirl, boyfriend jeans, babyliss, baby foot, baby soft, man eater, \
  kids see ghosts, girlboss, tommy girl
Women 3: brandy melville, brandy, pacsun=1, tillys=1, urban outfitters=1.5, \
  lauren conrad, lc lauren conrad, mudd=2, candies=2, bongo=2, no boundaries=2, roxy=2.5, \
  mango=1.5, topshop=2, asos=1, wet seal, rue 21=2, catherines, dressbarn, \
  new york and company, ny and co, cato, altard state, vera wang=2, simply vera, \
  apt 9=1.5, liz claiborne, jones new york=2, j jill, soft surroundings, dolce vita=2, \
  jeffrey campbell, sweaty betty, zella, cacique, hanky panky, honeydew=2, fredericks, \
  zyia, simply southern=2.5, jadelynn brooke, lauren james=2.5, louboutin=2, \
  christian louboutin=2, manolo blahnik, jimmy choo=2, miu miu=2, comfort colors=1, \
  victoria secret=2.5, victoria s secret=2.5, pink victoria=3, bcbgeneration, \
  knox rose, a new day, old navy womens, loft outlet, gianni bini, eliza j, \
  minkpink, show me your mumu, for love and lemons, tularosa, astr, lovers and friends, \
  ted baker=1, kate spade new york=2, coach=0.5, dooney=1.5, vera bradley=2.5, \
  spartina=2.5, brahmin=2.5, patricia nash=2.5, tommy bahama womens, soma intimates
Men 3: chaps=1.5, st johns bay=1, izod=2, vlone=2, anti social social club=1.5, assc=1.5, \
  florsheim, johnston murphy, allen edmonds, stacy adams, red wing=1.5, 5 11 tactical=2, \
  duluth trading=1.5, wrangler jeans=1, \
  carhartt jacket=1.5, tommy bahama=1.5, reyn spooner, hawaiian shirt=1.5, \
  j crew mens, mens size=3, size mens=3
Kids 3: gymboree=4, tea collection=3, hanna andersson=4, cat and jack=4, \
  kids size=4, youth size=4, boys size=4, girls size=4, little kids=3, big kids=3, \
  school uniform=2, tutu dress=1.5, baby boy=4, baby girl=4, infant=4, toddler=3.5
Character 1.5: paw patrol, peppa pig, pj masks, bluey, cocomelon, baby shark, doc mcstuffins, \
  daniel tiger, sesame street, elmo, octonauts, blaze and the monster machines, \
  sofia the first, mickey mouse clubhouse, yokai watch, dora the explorer, curious george, \
  thomas the tank engine, ryans world, gabbys dollhouse, spidey and his amazing friends
Kids 3: saltwater=2, stride rite, robeez, see kai run, pediped
Men 1: baseball cap, fitted cap=1.5, trucker hat, trucker cap, flat bill=1.5, \
  cargo shorts, swim trunks=1.5, board shorts=0.5, golf shirt, golf polo=1.5, \
  polo ralph lauren=1.5, ralph lauren polo=1.5, chinos, khakis, sport coat=2, tuxedo=2, \
  basketball shorts, bifold=1.5, trifold=1.5, boxers=2, boxer briefs=2
Kids 3: crewcuts=4, abercrombie kids=4, okie dokie, jumping beans, wonder nation, \
  circo, simple joys, hatley, kickee pants, burts bees baby=4, epic threads, art class, \
  pumpkin patch, zutano, tucker and tate, rare editions, bonnie jean, youngland, \
  koala baby=4, baby essentials=4, first impressions=4, nannette, kids headquarters
Girl 2.5: 6x, 4 6x=3, 5 6x=3
Men 1.5: fred perry=2, ben sherman=2, lacoste=1, \
  english laundry=2, robert graham=2.5, tasso elba=2, alfani=1.5
Women 2: avenue=1.5, ashley stewart=3, dress barn=3, new york and co=3
"""

MODIFIERS = """
Vintage & Collectibles 1.5: vintage, vtg, retro=0.5, antique=1.5, 70s=1, 80s=1, 90s=0.5, \
  60s=1, 50s=1, 1970s=1.5, 1980s=1, 1960s=1.5, 1950s=1.5, estate=1.5, old=0.5
Handmade 2.5: handmade, hand made, handcrafted, hand crafted, homemade, hand sewn, \
  hand stitched, hand knit, hand knitted, hand painted=1.5, made by me, \
  handmade jewelry=3, custom made=1.5, custom order=1
"""
