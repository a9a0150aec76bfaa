package camcloud.device.video;

import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * How a synthetic picture is cut into its two H.264 slices: the <b>clock band</b>, the top
 * {@code bandRows} macroblock rows across the whole width, and the <b>rest</b>, every row below it
 * down to the last coded row (the SPS crops rows past {@code height}). A slice is a run of whole
 * macroblocks in raster order, so the band is whole rows; it is on top because JCodec's motion search
 * never looks above row 0 of the picture it encodes, so the rest, encoded as a picture of its own,
 * never refers to the band's pixels (see {@link EncodedLoop}).
 *
 * <p>The band is about a twentieth of the height ({@code height / 180} rows, at least one): 2 rows at
 * 360p, 4 at 720p.
 */
record PictureSplit(int width, int height, int bandRows) {

    PictureSplit {
        if (bandRows < 1 || bandRows >= (height + 15) / 16) {
            throw new IllegalArgumentException("clock band of " + bandRows + " macroblock rows does not fit a picture "
                    + height + " pixels high");
        }
    }

    static PictureSplit of(SceneSettings settings) {
        int rows = (settings.height() + 15) / 16;
        int band = Math.max(1, Math.min(rows - 1, Math.round(settings.height() / 180f)));
        return new PictureSplit(settings.width(), settings.height(), band);
    }

    int mbWidth() {
        return (width + 15) / 16;
    }

    /** Coded macroblock rows of the whole picture. */
    int mbRows() {
        return (height + 15) / 16;
    }

    int bandHeight() {
        return bandRows * 16;
    }

    /** Macroblocks in the band, which is also the address of the rest's first macroblock. */
    int bandMacroblocks() {
        return bandRows * mbWidth();
    }

    /** Height of the rest as its own picture: whole macroblock rows, no cropping. */
    int restHeight() {
        return (mbRows() - bandRows) * 16;
    }

    Picture newBandPicture() {
        return Picture.create(width, bandHeight(), ColorSpace.YUV420J);
    }

    Picture newRestPicture() {
        return Picture.create(width, restHeight(), ColorSpace.YUV420J);
    }

    /**
     * Copies the rows of {@code scene} (a whole picture, {@code width x height}) below the band into
     * {@code rest}; rows of the rest past the picture's height (cropped away by the SPS) repeat the
     * last row, as an encoder pads.
     */
    void copyRest(Picture scene, Picture rest) {
        for (int plane = 0; plane < 3; plane++) {
            int shift = plane == 0 ? 0 : 1;
            int planeWidth = width >> shift;
            int sceneRows = height >> shift;
            int top = bandHeight() >> shift;
            byte[] from = scene.getPlaneData(plane);
            byte[] to = rest.getPlaneData(plane);
            int restRows = restHeight() >> shift;
            for (int row = 0; row < restRows; row++) {
                int sceneRow = Math.min(sceneRows - 1, top + row);
                System.arraycopy(from, sceneRow * planeWidth, to, row * planeWidth, planeWidth);
            }
        }
    }
}
