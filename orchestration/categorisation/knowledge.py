"""Hand-written knowledge base for the offline categoriser.

Everything here is general marketplace knowledge (what a "palette" or a "2T onesie" is,
which brands sell make-up, how sellers write gender), written by hand. Nothing is mined
from labelled listings, so the benchmark set stays an honest measurement.

The tables use a tiny line format so that knowledge is cheap to read and extend:

    Target weight: phrase, phrase=weight, ...

* ITEMS     target = "Department/Subcategory" — what the item is.
* GARMENTS  target = "WomenSub|MenSub|kids kind" — clothing whose department depends
            on who wears it; an empty side means "not worn by that group".
* GENDER    target = "Women" | "Men" | "Kids" | "Baby" | "Girl" | "Boy" — who it is for.
* MODIFIERS target = "Vintage & Collectibles" | "Handmade" — re-homes any item.

Weights are evidence strengths: about 3 = names the item outright ("eyeshadow palette"),
2 = usual meaning ("case"), 1 = a hint (a brand that mostly sells one thing).
Phrases are written in normalised form (see `normalise_title`); plurals are derived.
"""

from __future__ import annotations

ITEMS = """
Beauty/Makeup 3: lipstick, lip gloss, lipgloss, liquid lipstick, lip liner, lip kit, lip stain, lip \
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
Beauty/Skin Care 3: moisturizer, serum, face serum, face mask, sheet mask, clay mask, peel off \
  mask, cleanser, face wash, toner, eye cream, night cream, day cream, retinol, vitamin c serum, \
  sunscreen, spf, exfoliator, exfoliating, facial, skincare, skin care, acne, anti aging, \
  micellar water, cream=1.5, face oil, clarisonic, dermaroller, pore strips, peel=1.5
Beauty/Fragrance 3: perfume, eau de parfum, eau de toilette, edp, edt, cologne, parfum, \
  fragrance, body mist=2.5, rollerball, perfume oil, fragrance mist
Beauty/Bath & Body 2.5: body lotion, lotion=2, body wash, shower gel, body scrub, sugar scrub, \
  body butter, bath bomb, bath bombs, bubble bath, hand cream, hand soap, body spray=2, \
  body cream, body oil, shea butter, bath salts, soap=1.5, deodorant=1.5, hand sanitizer
Beauty/Hair Care 3: shampoo, conditioner, hair mask, hair oil, dry shampoo, hair spray, \
  hairspray, curling iron, curling wand, flat iron, straightener, hair straightener, hair dryer, \
  blow dryer, hot tools=2, hair extensions, extensions=2, wig, lace front, clip ins, hair clips=1, \
  hair brush=2, hot rollers, chi=1, olaplex, hair growth
Beauty/Nail Care 3: nail polish, nail lacquer, gel polish, nail art, nail stickers, nail wraps, \
  nail kit, nail lamp, uv lamp, acrylic nails, press on nails, nails=2, nail=2, manicure, \
  cuticle oil, base coat, top coat
Beauty/Tools & Brushes 3: makeup brush, makeup brushes, brush set, brushes=2, brush=1.5, \
  makeup bag, cosmetic bag, makeup organizer, train case, makeup mirror, lighted mirror, \
  eyelash curler, tweezers, blender sponge, makeup remover=2, makeup case
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
  satchel, hobo bag, shoulder bag, bucket bag, wallet=2, coin purse, makeup pouch=1, \
  michael kors=1.5, mk=1, coach=1.5, kate spade=1.5, vera bradley=2, dooney=2, dooney and bourke=2.5, \
  louis vuitton=2, lv=1.5, gucci=1, prada=1, chanel=1, fossil=1, tory burch=1, \
  longchamp=2, speedy=2, neverfull=3, rebecca minkoff=2, marc jacobs=1, betsey johnson=1, \
  thirty one=1.5, diaper bag=0
Women/Accessories 2: scarf, scarves, infinity scarf, headband, head band, hair bow, hair bows, \
  scrunchie, scrunchies, hair accessories, sunglasses, sunnies, ray ban=1.5, belt=1.5, \
  hat=1.5, beanie=1.5, gloves=1.5, mittens, wallet=1, keychain=1.5, key chain=1.5, \
  umbrella, hair ties, bandana, fascinator, watch=1
Women/Maternity 3: maternity, nursing bra, nursing top, pregnancy pillow, belly band
Men/Watches 2: watch=2, watches=2, wristwatch, chronograph=2.5, automatic watch, smartwatch=0, \
  rolex=2.5, seiko=2.5, invicta=2.5, citizen=1.5, casio=1.5, g shock=3, gshock=3, \
  mvmt=2.5, daniel wellington=2
Men/Accessories 2: necktie, neck tie, bow tie, tie=1.5, ties=1.5, cufflinks, tie clip, \
  money clip, suspenders, snapback=2, fitted hat=2, dad hat
Men/Bags & Backpacks 2: backpack=1.5, messenger bag, duffel, duffle, gym bag, laptop bag=1

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
  trivet, lunch box, lunchbox, bento, thermos, starbucks=2, starbucks cup, cold cup, \
  tervis, mason jar, serving, platter, tray=1.5, cake stand, chopsticks, spoon, spoons, fork, \
  forks, ladle, corelle, fiestaware, fiesta ware, lenox, cookware, food storage, dish towel
Home/Home Décor 2: decor, home decor, wall decor, pillow cover, pillow covers, throw pillow, \
  throw pillows, pillow=1.5, pillows=1.5, cushion cover, vase, vases, picture frame, \
  photo frame, frame=1.5, frames=1.5, mirror=1.5, wall mirror, sign=1.5, wood sign, \
  wall art=1.5, wall hanging, tapestry, clock=1.5, wall clock, figurine=1, statue=1.5, \
  sculpture=1.5, plant=1, artificial plant, faux plant, succulent=1, planter, terrarium, \
  rug, rugs, area rug, doormat, door mat, curtain, curtains, valance, drapes, blinds, \
  decorative, centerpiece, bookends, wreath=1.5, garland=1, dream catcher, dreamcatcher, \
  string lights=1, fairy lights=1, himalayan salt lamp, coaster, coasters, magnet=1, \
  magnets=1, hooks=1, farmhouse=1.5, shabby chic=1.5, home=1, basket=1.5, baskets=1.5, \
  tiered tray
Home/Candles & Home Fragrance 3: candle, candles, 3 wick, three wick, wax melts, wax melt, \
  scentsy, scentsy bar, wallflower, wallflowers, wallflower refill, diffuser, reed diffuser, \
  oil diffuser, essential oil diffuser, yankee candle, room spray, air freshener, incense, \
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
Home/Seasonal Décor 3: christmas=2, xmas=2, christmas tree, ornament, ornaments, stocking, \
  stockings, nativity, halloween=2, easter=1.5, thanksgiving, fall decor, harvest=1, \
  pumpkin=1.5, santa=1.5, snowman, advent calendar, st patricks, valentines=1.5, \
  4th of july, holiday=1.5, christmas decor, halloween decor, department 56, dept 56
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
  bakugan, pokemon plush=3, disney=1, stress ball, magnetic=1, kids=0, marble, \
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
Sports & Outdoors/Fan Shop 2: nfl, nba, mlb, nhl, ncaa, fan=1, jersey=1.5, jerseys=1.5, \
  dallas cowboys, cowboys=1.5, patriots, steelers, packers, green bay, seahawks, 49ers, \
  raiders, broncos, eagles=1.5, giants=1.5, chicago bears, bears=0.5, dodgers, yankees, \
  red sox, cubs, cardinals=1, warriors=1, lakers, cavaliers, cavs, celtics, bulls=1, \
  golden state, chicago cubs, astros, braves, mets, reds=1, rangers=1, \
  university=1, college=0.5, alabama=1, crimson tide, ohio state, notre dame, \
  team=1, fanatics, sports fan, game day=1.5, gameday=1.5, tailgate
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
  mcgraw hill, pearson=2.5, cengage, wiley=2, edition=2, 1st edition=0, 2nd edition, \
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
  personalized=1.5, personalised=1.5, monogram=1.5, monogrammed=1.5, custom=1.5, \
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
  tissue paper=1, shipping scale
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

Other/Health & Personal Care 2.5: toothbrush, electric toothbrush, sonicare, oral b, \
  teeth whitening, whitening strips, crest whitestrips, floss, mouthwash, toothpaste, \
  razor blades, tampons, pads=1.5, menstrual cup, condoms, pregnancy test, \
  ovulation test, thermometer, massager, massage, heating pad, tens unit, \
  compression socks, posture corrector, first aid, travel size, travel, \
  contact lenses, reading glasses, hearing aid, essential oil, essential oils, \
  young living, doterra, plexus, it works, wraps=1, thrive, weight loss, diet, \
  detox, keto=1.5, cbd=1.5, hemp=1.5, eye mask, sleep mask, ear plugs, humidifier=1
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
Other/Other 1: lot=0.5, bundle=0.5, mystery box, mystery bundle, grab bag
"""

GARMENTS = """
Tops & Blouses|Tops & Shirts|clothing 2: top, tops, shirt, shirts, t shirt, tshirt, tee, \
  tees, tank, tank top, tanks, cami, camisole, blouse=3, tunic=3, crop top=3, tube top=3, \
  button down, button up, polo=1.5, henley, graphic tee, long sleeve, short sleeve, \
  sleeveless=1.5, bodysuit=3, off the shoulder=3, peplum=3, halter=2.5, muscle tee, \
  flannel, v neck, vneck, crew neck, crewneck, raglan, baseball tee, jersey=1, \
  dress shirt, thermal=1.5, lace top=3, swing top, kimono=2.5, vest=1.5, \
  perfect tee, irma, classic tee, randy, lularoe irma, lularoe classic, lularoe randy
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
Activewear|Activewear|clothing 3: leggings=2.5, legging=2.5, yoga pants, sports bra, \
  sport bra, athletic, activewear, workout top, workout shirt, running shirt, \
  running tights, tights=1.5, compression=1.5, dri fit, drifit, dri fit shirt, \
  track jacket, running, gym shirt, gym shorts, athletic shorts, lululemon=3, lulu=2, \
  align pant, wunder under, fabletics=2.5, gymshark=2, alo yoga, alo, beyond yoga, \
  outdoor voices, athleta=2, under armour=1, underarmour=1, nike pro, tempo shorts, \
  tempo, crops=1.5, capri leggings, yoga shorts, running shorts=1, define jacket, \
  scuba hoodie, tank=0.5, racerback=2
Swimwear|Swimwear|clothing 3: swimsuit, swim suit, bikini, bikini top, bikini bottom, \
  bikini bottoms, one piece swimsuit, one piece, tankini, swim, swimwear, bathing suit, \
  cover up, coverup, swim trunks, board shorts, rash guard, monokini, high waisted bikini
Intimates & Sleepwear|Underwear & Sleepwear|clothing 2.5: bra=3, bras=3, bralette=3, \
  panties=3, panty=3, thong=3, thongs=3, cheeky=2, hipster=1.5, underwear, lingerie=3, \
  teddy=1, corset, bustier, pajamas, pajama, pjs, pj set, pj, sleepwear, nightgown=3, \
  robe, bathrobe, boxers, boxer briefs, briefs, socks=2, sock=2, no show socks, \
  shapewear=3, spanx=3, slip=1.5, loungewear, lounge set, sleep shirt, onesie pajamas, \
  push up bra, sports bra=0, victorias secret=1.5, vs=1, pink=0.5, garter, stockings=0.5, \
  pantyhose, nightie, chemise, babydoll=2
Shoes|Shoes|shoes 3: shoes, shoe, sneakers, sneaker, boots, boot, booties, bootie, \
  ankle boots, heels=3, heel=2, high heels, pumps, stilettos, wedges, wedge=1.5, sandals, \
  sandal, flip flops, flipflops, slides=2.5, slippers, loafers, loafer, flats=3, \
  ballet flats, oxfords, oxford=1.5, mules, clogs, moccasins, mocs, espadrilles, \
  platform=1.5, running shoes, tennis shoes, trainers, slip on, slip ons, high tops, \
  low tops, chucks, converse=2, vans=2.5, air max, air force 1, air force, af1, \
  jordans=2.5, jordan=2, retro=1, yeezy=2.5, yeezys=2.5, boost=2, ultraboost, ultra boost, \
  nmd, roshe, huarache, huaraches, free run, flyknit, uggs, ugg=2.5, ugg boots, \
  birkenstock, birkenstocks, crocs, toms=2, sperry, sperrys, timberland=2, timberlands, \
  dr martens, doc martens, docs=1, steve madden=1.5, cleats=0, hunter boots, \
  rain boots, combat boots, chelsea boots, riding boots, knee high boots, \
  over the knee, otk boots, cowboy boots, work boots, steel toe, nike shoes, \
  adidas shoes, asics=2, new balance=2, skechers=2.5, reebok=1.5, puma=1, fila=1, \
  saucony=2, brooks=1.5, hoka, on cloud=2.5, allbirds, michael kors shoes, kate spade shoes, \
  stan smith, superstar=1.5, superstars=1.5, gazelle, foamposite, kd, lebron=1.5, \
  kyrie=2, curry=1.5, size=0
Handbags|Bags & Backpacks|accessories 0: bag=1.5, bags=1.5
Accessories|Accessories|accessories 2: hat=1.5, hats=1.5, cap=1.5, caps=1.5, \
  baseball cap, beanie=1.5, belt=2, belts=2, gloves=1.5, sunglasses=1.5, \
  scarf=1, wallet=1.5, socks=0
Jewelry|Jewelry|accessories 1: chain=1.5, gold chain=3, cuban link=3, cuban chain=3, \
  silver chain=2
Activewear|Activewear|clothing 1: nike=1, adidas=1, under armour=1, champion=1, puma=0.5, \
  reebok=0.5, fila=0.5, jordan=0.5
Other|Other|clothing 1: clothes, clothing, outfit=1.5, outfits=1.5, set=0.5, lot=0.5, \
  bundle=0.5, uniform=1.5, costume=0
"""

GENDER = """
Women 3: womens, women, woman, ladies, lady, her=1.5, she=1, juniors=2.5, junior=2, \
  misses=2.5, maternity=3, bridal=2, bride=2, girlfriend=1, mom=1.5, feminine=1.5, \
  petite=2, plus size=1.5, lularoe=3, llr=3, victorias secret=2.5, vs pink=3, \
  free people=3, anthropologie=2.5, lane bryant=3, torrid=3, forever 21=2, \
  charlotte russe=3, francescas=3, loft=2, ann taylor=3, white house black market=3, \
  chicos=3, maurices=3, rue21=2, windsor=3, lulus=3, fashion nova=3, shein=2, \
  zara=1.5, h and m=1, express=1, banana republic=0.5, j crew=1, jcrew=1, \
  old navy=0.5, gap=0.5, lilly pulitzer=3, lilly=2, kate spade=2, michael kors=1.5, \
  tory burch=2, coach=1, lululemon=2.5, athleta=3, aerie=3, pink=1, \
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
  revolve=2.5, reformation=3, madewell=2, everlane=1.5, lilly pulitzer dress=3
Men 3: mens, men, man=2, male=2, guys=2.5, gentleman=2, him=1.5, husband=1.5, \
  boyfriend=0, dad=1.5, father=1.5, supreme=2, bape=2.5, a bathing ape=3, stussy=2, \
  off white=1, palace=1.5, kith=2, fear of god=2.5, essentials=1, \
  nautica=1.5, polo ralph lauren=1, ralph lauren=0.5, tommy hilfiger=0.5, \
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
  2t=4, 3t=4, 4t=4, 5t=4, 6t=3, 18 24=3
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
  kids see ghosts, girlboss
"""

MODIFIERS = """
Vintage & Collectibles 1.5: vintage, vtg, retro=0.5, antique=1.5, 70s=1, 80s=1, 90s=0.5, \
  60s=1, 50s=1, 1970s=1.5, 1980s=1, 1960s=1.5, 1950s=1.5, estate=1.5, old=0.5
Handmade 2.5: handmade, hand made, handcrafted, hand crafted, homemade, hand sewn, \
  hand stitched, hand knit, hand knitted, hand painted=1.5, made by me, \
  handmade jewelry=3, custom made=2, custom order=2
"""
